// ConfigNode implementation: presence checks before every lookup, errors as file:line: key: reason.
#include "traces/config_node.h"

#include <algorithm>

#include "traces/yaml_guard.h"

namespace vpsim {

ConfigNode::ConfigNode(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

ConfigNode ConfigNode::loadFile(const std::string& file) { return ConfigNode(loadYamlFileChecked(file), file); }

ConfigNode ConfigNode::loadString(const std::string& text, const std::string& name) {
  return ConfigNode(loadYamlChecked(text, name), name);
}

int ConfigNode::line() const {
  if (node_.IsDefined() && node_.Mark().line >= 0) return node_.Mark().line + 1;
  return parent_line_;
}

bool ConfigNode::has(const std::string& key) const {
  return node_.IsMap() && node_[key].IsDefined() && !node_[key].IsNull();
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (node_.IsMap())
    for (const auto& kv : node_) out.push_back(kv.first.as<std::string>());
  return out;
}

ConfigNode ConfigNode::child(const std::string& key) const {
  if (!node_.IsMap()) fail("expected a mapping containing '" + key + "'");
  if (!has(key)) fail("missing required key '" + key + "'");
  ConfigNode c(node_[key], file_, path_.empty() ? key : path_ + "." + key);
  c.parent_line_ = line();
  return c;
}

std::optional<ConfigNode> ConfigNode::optChild(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return child(key);
}

std::vector<ConfigNode> ConfigNode::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<ConfigNode> out;
  for (size_t i = 0; i < node_.size(); ++i) {
    ConfigNode c(node_[i], file_, path_ + "[" + std::to_string(i) + "]");
    c.parent_line_ = line();
    out.push_back(c);
  }
  return out;
}

template <typename T>
T ConfigNode::as() const {
  if (!node_.IsScalar()) fail("expected a scalar value");
  try {
    return node_.as<T>();
  } catch (const YAML::Exception&) {
    fail("cannot read '" + node_.Scalar() + "' as the expected type");
  }
}
template int ConfigNode::as<int>() const;
template long ConfigNode::as<long>() const;
template long long ConfigNode::as<long long>() const;
template unsigned ConfigNode::as<unsigned>() const;
template double ConfigNode::as<double>() const;
template bool ConfigNode::as<bool>() const;
template std::string ConfigNode::as<std::string>() const;

double ConfigNode::getDouble(const std::string& key, double lo, double hi) const {
  double v = child(key).as<double>();
  if (!(v >= lo && v <= hi))
    child(key).fail("value " + std::to_string(v) + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

double ConfigNode::getDouble(const std::string& key, double lo, double hi, double fallback) const {
  return has(key) ? getDouble(key, lo, hi) : fallback;
}

long long ConfigNode::getInt(const std::string& key, long long lo, long long hi) const {
  long long v = child(key).as<long long>();
  if (v < lo || v > hi)
    child(key).fail("value " + std::to_string(v) + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

long long ConfigNode::getInt(const std::string& key, long long lo, long long hi, long long fallback) const {
  return has(key) ? getInt(key, lo, hi) : fallback;
}

void ConfigNode::allowOnly(std::initializer_list<const char*> allowed) const {
  if (!node_.IsMap()) fail("expected a mapping");
  for (const auto& kv : node_) {
    auto k = kv.first.as<std::string>();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; })) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      ConfigNode bad(kv.first, file_, path_.empty() ? k : path_ + "." + k);
      bad.fail("unknown key (allowed: " + list + ")");
    }
  }
}

void ConfigNode::fail(const std::string& message) const {
  std::string where = file_;
  if (line() > 0) where += ":" + std::to_string(line());
  throw InputError(where + ": " + (path_.empty() ? "" : path_ + ": ") + message);
}

}  // namespace vpsim
