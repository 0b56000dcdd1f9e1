// ConfigNode: checked reading of YAML configuration (hardware, DRAM presets, energy tables, train
// configs, sweeps). Every error names the file, the key path and the line, and is an InputError
// (exit code 2). Unknown keys are rejected with `allowOnly`. yaml-cpp 0.7 throws on a missing parent
// key, so every lookup here checks presence first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "traces/input_error.h"

namespace vpsim {

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string file, std::string path = "");
  static ConfigNode loadFile(const std::string& file);  // throws InputError (missing, syntax)
  static ConfigNode loadString(const std::string& text, const std::string& name);
  ConfigNode(const ConfigNode&) = default;
  // Rebinds (YAML::Node::reset): YAML::Node's own assignment writes through to the node it refers
  // to, which silently rewrote parsed configs (energy.node_nm was lost that way).
  ConfigNode& operator=(const ConfigNode& o) {
    node_.reset(o.node_);
    file_ = o.file_, path_ = o.path_, parent_line_ = o.parent_line_;
    return *this;
  }

  const YAML::Node& yaml() const { return node_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  int line() const;  // 1-based line of this node, 0 if unknown
  bool has(const std::string& key) const;
  bool isMap() const { return node_.IsMap(); }
  bool isSequence() const { return node_.IsSequence(); }
  bool isScalar() const { return node_.IsScalar(); }
  std::vector<std::string> keys() const;

  ConfigNode child(const std::string& key) const;  // required
  std::optional<ConfigNode> optChild(const std::string& key) const;
  std::vector<ConfigNode> items() const;  // elements of a sequence

  template <typename T>
  T as() const;  // this scalar converted, or an error naming the key and the expected type
  template <typename T>
  T get(const std::string& key) const {
    return child(key).as<T>();
  }
  template <typename T>
  T get(const std::string& key, const T& fallback) const {
    auto c = optChild(key);
    return c ? c->as<T>() : fallback;
  }
  // Numeric getters with range checks: [lo, hi] inclusive.
  double getDouble(const std::string& key, double lo, double hi) const;
  double getDouble(const std::string& key, double lo, double hi, double fallback) const;
  long long getInt(const std::string& key, long long lo, long long hi) const;
  long long getInt(const std::string& key, long long lo, long long hi, long long fallback) const;

  void allowOnly(std::initializer_list<const char*> keys) const;  // unknown key -> error
  [[noreturn]] void fail(const std::string& message) const;       // "file:line: key: message"

 private:
  YAML::Node node_;
  std::string file_;
  std::string path_;
  int parent_line_ = 0;
};

}  // namespace vpsim
