// SweepYaml: the YAML plumbing of sweeps. A sweep point is the base hardware YAML with some key
// paths replaced (`array.rows` -> 8); points are stored and hashed as JSON, so scalars are typed
// here the way a YAML reader would (int, float, bool, else string).
#pragma once

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <string>

namespace vpsim::sweep_yaml {

enum class ScalarKind { Int, Float, Bool, String };
ScalarKind scalarKind(const YAML::Node& scalar);

nlohmann::json toJson(const YAML::Node& node);
YAML::Node fromJson(const nlohmann::json& j);

// Replaces (or adds, when only the leaf is new) the value at a dotted key path in `root`.
// Returns "" on success, else why the path cannot be set (a missing or non-map parent).
std::string setPath(YAML::Node root, const std::string& path, const YAML::Node& value);
// The node at a dotted key path, or an undefined node.
YAML::Node getPath(const YAML::Node& root, const std::string& path);

std::string emit(const YAML::Node& node);       // block-style YAML text
std::string shortText(const YAML::Node& node);  // one line, for messages and labels

}  // namespace vpsim::sweep_yaml
