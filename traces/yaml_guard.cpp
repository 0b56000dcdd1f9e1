// loadYamlChecked: an event pass (YAML::Parser + EventHandler) that counts expanded nodes and checks
// keys before YAML::Load builds the tree.
#include "traces/yaml_guard.h"

#include <yaml-cpp/eventhandler.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "traces/input_error.h"

namespace vpsim {
namespace {

// UTF-8 as the YAML spec requires (JSON output of configs, e.g. `hw check`, throws on anything else).
bool validUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4)) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

class GuardHandler : public YAML::EventHandler {
 public:
  explicit GuardHandler(std::string name) : name_(std::move(name)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) fail(mark, "more than one YAML document ('---'); a config file holds one");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, 1, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = sizes_.find(anchor);
    const int64_t size = it == sizes_.end() ? 1 : it->second;
    if (isKeyPosition()) fail(mark, "an alias as a mapping key is not supported");
    leaf(mark, 0, size, nullptr);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    if (value.find('\0') != std::string::npos) fail(mark, "NUL byte in a scalar");
    if (!validUtf8(value)) fail(mark, "a scalar that is not UTF-8 text");
    leaf(mark, anchor, 1, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool is_map = false;
    YAML::anchor_t anchor = 0;
    int64_t size = 1;  // expanded nodes under and including this one
    int64_t children = 0;
    std::map<std::string, int> key_lines;
  };

  bool isKeyPosition() const { return !stack_.empty() && stack_.back().is_map && stack_.back().children % 2 == 0; }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& msg) const {
    throw InputError(name_ + ":" + std::to_string(mark.line + 1) + ": " + msg);
  }

  void count(const YAML::Mark& mark, int64_t n) {
    total_ += n;
    if (total_ > kMaxYamlNodes)
      fail(mark, "more than " + std::to_string(kMaxYamlNodes) + " YAML nodes with aliases expanded (alias bomb?)");
  }

  // A scalar, null or alias: checks it as a key if it is one, then adds its size to the parent.
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, int64_t size, const std::string* scalar) {
    count(mark, size);
    if (anchor) sizes_[anchor] = size;
    if (stack_.empty()) return;
    Frame& f = stack_.back();
    if (isKeyPosition()) {
      const std::string key = scalar ? *scalar : "~";
      auto [it, fresh] = f.key_lines.emplace(key, mark.line + 1);
      if (!fresh) fail(mark, "duplicate key '" + key + "' (first at line " + std::to_string(it->second) + ")");
    }
    f.children++;
    f.size += size;
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
    if (isKeyPosition()) fail(mark, "complex (non-scalar) mapping key is not supported");
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth)
      fail(mark, "nesting deeper than " + std::to_string(kMaxYamlDepth) + " levels");
    count(mark, 1);
    Frame f;
    f.is_map = is_map, f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.anchor) sizes_[f.anchor] = f.size;
    if (!stack_.empty()) stack_.back().children++, stack_.back().size += f.size;
  }

  std::string name_;
  int documents_ = 0;
  int64_t total_ = 0;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, int64_t> sizes_;
};

}  // namespace

YAML::Node loadYamlChecked(const std::string& text, const std::string& name) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    GuardHandler guard(name);
    while (parser.HandleNextDocument(guard)) {
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(name + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  }
}

std::string readInputFile(const std::string& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw InputError(file + ": is a directory, not a file");
  // A device (energy: /dev/zero) never ends: refused by kind; a pipe (<(...)) is read to its end,
  // up to kMaxInputFileBytes.
  const fs::file_status st = fs::status(file, ec);
  if (!ec && (fs::is_character_file(st) || fs::is_block_file(st) || fs::is_socket(st)))
    throw InputError(file + ": is a device, not a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file + ": cannot open file");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxInputFileBytes)
      throw InputError(file + ": larger than " + std::to_string(kMaxInputFileBytes >> 20) +
                       " MiB (not an input file?)");
  }
  if (in.bad()) throw InputError(file + ": cannot read file");
  return text;
}

std::string readFileOrEmpty(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

YAML::Node loadYamlFileChecked(const std::string& file) { return loadYamlChecked(readInputFile(file), file); }

}  // namespace vpsim
