// YAML <-> JSON conversion and key-path edits for sweep points.
#include "sim/sweep/sweep_yaml.h"

#include <cstdlib>
#include <sstream>

namespace vpsim::sweep_yaml {

namespace {

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string p;
  while (std::getline(ss, p, '.')) parts.push_back(p);
  return parts;
}

bool parseInt(const std::string& s, long long& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtoll(s.c_str(), &end, 10);
  return end && *end == '\0';
}

bool parseFloat(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

}  // namespace

ScalarKind scalarKind(const YAML::Node& scalar) {
  // A quoted scalar ("8") stays a string, as YAML means it.
  if (scalar.Tag() == "!") return ScalarKind::String;
  const std::string s = scalar.Scalar();
  long long i;
  double d;
  if (parseInt(s, i)) return ScalarKind::Int;
  if (parseFloat(s, d)) return ScalarKind::Float;
  if (s == "true" || s == "false") return ScalarKind::Bool;
  return ScalarKind::String;
}

nlohmann::json toJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& kv : node) j[kv.first.Scalar()] = toJson(kv.second);
      return j;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& v : node) j.push_back(toJson(v));
      return j;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = node.Scalar();
      switch (scalarKind(node)) {
        case ScalarKind::Int:
          return std::strtoll(s.c_str(), nullptr, 10);
        case ScalarKind::Float:
          return std::strtod(s.c_str(), nullptr);
        case ScalarKind::Bool:
          return s == "true";
        case ScalarKind::String:
          return s;
      }
      return s;
    }
    default:
      return nullptr;
  }
}

YAML::Node fromJson(const nlohmann::json& j) {
  YAML::Node n;
  if (j.is_object()) {
    n = YAML::Node(YAML::NodeType::Map);
    for (auto it = j.begin(); it != j.end(); ++it) n[it.key()] = fromJson(it.value());
  } else if (j.is_array()) {
    n = YAML::Node(YAML::NodeType::Sequence);
    for (const auto& v : j) n.push_back(fromJson(v));
  } else if (j.is_string()) {
    n = j.get<std::string>();
  } else if (j.is_boolean()) {
    n = j.get<bool>();
  } else if (j.is_number_integer()) {
    n = j.get<long long>();
  } else if (j.is_number()) {
    n = j.get<double>();
  }
  return n;
}

std::string setPath(YAML::Node root, const std::string& path, const YAML::Node& value) {
  const auto parts = splitPath(path);
  if (parts.empty()) return "empty key path";
  YAML::Node cur = root;
  std::string walked;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + parts[i];
    if (!cur.IsMap() || !cur[parts[i]]) return "'" + walked + "' is not in the base config";
    cur.reset(cur[parts[i]]);  // rebind, don't assign through
    if (!cur.IsMap()) return "'" + walked + "' is not a mapping in the base config";
  }
  if (!cur.IsMap()) return "the base config is not a mapping";
  cur[parts.back()] = YAML::Clone(value);
  return "";
}

YAML::Node getPath(const YAML::Node& root, const std::string& path) {
  YAML::Node cur = YAML::Clone(root);
  for (const auto& p : splitPath(path)) {
    if (!cur.IsMap() || !cur[p]) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node next = cur[p];
    cur.reset(next);
  }
  return cur;
}

std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

std::string shortText(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  return toJson(node).dump();
}

}  // namespace vpsim::sweep_yaml
