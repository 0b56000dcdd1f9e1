// loadYamlChecked: the one way vpsim parses YAML text. Before yaml-cpp builds the node tree, a pass
// over the parser's events rejects what yaml-cpp would accept silently or pay for later: duplicate
// keys (yaml-cpp keeps the first), complex (non-scalar) keys, NUL bytes in scalars, more than one
// document, nesting deeper than kMaxYamlDepth, and documents whose aliases expand to more than
// kMaxYamlNodes nodes (an alias bomb costs nothing to parse and everything to serialize). Errors are
// InputErrors naming the file and line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>

namespace vpsim {

inline constexpr int64_t kMaxYamlNodes = 200000;  // nodes with every alias expanded
inline constexpr int kMaxYamlDepth = 64;
inline constexpr size_t kMaxInputFileBytes = size_t(256) << 20;  // configs, asm and ops files

YAML::Node loadYamlChecked(const std::string& text, const std::string& name);
// The contents of `file`; a directory, a device, a missing or unreadable file, or one larger than
// kMaxInputFileBytes is an InputError naming it.
std::string readInputFile(const std::string& file);
// The contents of `file`, or "" when it is missing or unreadable: for logs a child process may not
// have written (never for user input, which goes through readInputFile).
std::string readFileOrEmpty(const std::string& file);
// Reads `file` (a regular, readable file) and parses it as above.
YAML::Node loadYamlFileChecked(const std::string& file);

}  // namespace vpsim
