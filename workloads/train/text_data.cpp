// Token corpus readers, vocabulary and stream batching (see text_data.h).
#include "workloads/train/text_data.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "traces/input_error.h"

namespace vpsim {

namespace fs = std::filesystem;

int32_t Vocabulary::add(const std::string& w) {
  auto it = ids.find(w);
  if (it != ids.end()) return it->second;
  const auto id = static_cast<int32_t>(words.size());
  words.push_back(w), ids.emplace(w, id);
  if (w == "<unk>") unk = id;
  return id;
}

int32_t Vocabulary::idOr(const std::string& w) const {
  auto it = ids.find(w);
  return it != ids.end() ? it->second : unk;
}

bool isTextDataset(const std::string& name) {
  for (const auto& n : textDatasetNames())
    if (n == name) return true;
  return false;
}

std::vector<std::string> textDatasetNames() { return {"ptb", "wikitext2", "wikitext103", "text", "vimdoc"}; }

namespace {

using Lines = std::vector<std::string_view>;

// Whole files stay in memory (views point into them: a deque never moves its strings, whose short
// ones would otherwise carry their characters along); lines are split on '\n'.
struct Source {
  std::deque<std::string> buffers;
  Lines train, valid, test;
};

void readLines(const std::string& path, Source& src, Lines& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open dataset file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  src.buffers.push_back(ss.str());
  const std::string& b = src.buffers.back();
  size_t start = 0;
  while (start < b.size()) {
    size_t end = b.find('\n', start);
    if (end == std::string::npos) end = b.size();
    out.emplace_back(b.data() + start, end - start);
    start = end + 1;
  }
}

template <typename Fn>
void forEachToken(const Lines& lines, Fn&& fn) {
  static const std::string_view eos = "<eos>";
  for (std::string_view line : lines) {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      if (j > i) fn(line.substr(i, j - i));
      i = j;
    }
    fn(eos);
  }
}

// The files of "text" (a file, or every *.txt of a folder) and "vimdoc" (usr_*.txt), in name order.
std::vector<std::string> plainTextFiles(const std::string& dataset, std::string dir) {
  if (dataset == "vimdoc" && dir.empty()) {
    const fs::path root = "/usr/share/vim";
    std::vector<std::string> found;
    if (fs::is_directory(root))
      for (const auto& e : fs::directory_iterator(root))
        if (e.path().filename().string().rfind("vim", 0) == 0 && fs::is_directory(e.path() / "doc"))
          found.push_back((e.path() / "doc").string());
    std::sort(found.begin(), found.end());
    if (found.empty())
      throw InputError(std::string("dataset vimdoc: no ") + kVimDocGlob +
                       " (install Debian's vim-runtime, or set data_dir to a folder with usr_*.txt)");
    dir = found.back();
  }
  if (dir.empty()) throw InputError("dataset text: data_dir: required (a text file or a folder of *.txt files)");
  if (fs::is_regular_file(dir)) return {dir};
  if (!fs::is_directory(dir)) throw InputError("cannot open dataset file or folder " + dir);
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const bool ext = e.path().extension() == ".txt";
    if (e.is_regular_file() && ext && (dataset != "vimdoc" || name.rfind("usr_", 0) == 0))
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError("dataset " + dataset + ": no " + (dataset == "vimdoc" ? "usr_*.txt" : "*.txt") + " in " + dir);
  return files;
}

Source readSource(const std::string& dataset, const std::string& dir) {
  Source s;
  if (dataset == "ptb" || dataset == "wikitext2" || dataset == "wikitext103") {
    const bool ptb = dataset == "ptb";
    if (dir.empty())
      throw InputError("dataset " + dataset + ": data_dir: required (the folder with " +
                       (ptb ? "ptb.train.txt, ptb.valid.txt, ptb.test.txt"
                            : "wiki.train.tokens, wiki.valid.tokens, wiki.test.tokens") +
                       ")");
    auto file = [&](const char* split) {
      return dir + "/" + (ptb ? "ptb." + std::string(split) + ".txt" : "wiki." + std::string(split) + ".tokens");
    };
    readLines(file("train"), s, s.train), readLines(file("valid"), s, s.valid), readLines(file("test"), s, s.test);
    return s;
  }
  Lines all;
  for (const auto& f : plainTextFiles(dataset, dir)) readLines(f, s, all);
  const size_t n = all.size(), a = n * 9 / 10, b = n * 19 / 20;
  s.train.assign(all.begin(), all.begin() + long(a));
  s.valid.assign(all.begin() + long(a), all.begin() + long(b));
  s.test.assign(all.begin() + long(b), all.end());
  return s;
}

Vocabulary buildVocabulary(const Lines& train, int64_t cap) {
  struct Seen {
    int64_t count = 0, first = 0;
  };
  std::unordered_map<std::string_view, Seen> seen;
  std::vector<std::string_view> order;
  forEachToken(train, [&](std::string_view w) {
    auto [it, fresh] = seen.try_emplace(w, Seen{0, static_cast<int64_t>(order.size())});
    if (fresh) order.push_back(w);
    ++it->second.count;
  });
  Vocabulary v;
  if (cap > 0 && static_cast<int64_t>(order.size()) > cap) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::string_view a, std::string_view b) { return seen[a].count > seen[b].count; });
    int64_t kept = 0;
    for (std::string_view w : order)
      if (kept < cap - 1 || w == "<unk>") kept += w != "<unk>", v.add(std::string(w));
  } else {
    for (std::string_view w : order) v.add(std::string(w));
  }
  if (v.unk < 0) v.add("<unk>");  // valid/test (or the capped tail) may hold unseen words
  return v;
}

std::vector<int32_t> encode(const Lines& lines, const Vocabulary& v) {
  std::unordered_map<std::string_view, int32_t> ids;
  for (size_t i = 0; i < v.words.size(); ++i) ids.emplace(v.words[i], static_cast<int32_t>(i));
  std::vector<int32_t> out;
  forEachToken(lines, [&](std::string_view w) {
    auto it = ids.find(w);
    out.push_back(it != ids.end() ? it->second : v.unk);
  });
  return out;
}

}  // namespace

TextCorpus loadTextCorpus(const std::string& dataset, const std::string& data_dir, int64_t vocab_cap) {
  if (!isTextDataset(dataset)) throw InputError("unknown token dataset '" + dataset + "'");
  const Source src = readSource(dataset, data_dir);
  TextCorpus c;
  c.name = dataset;
  c.vocab = buildVocabulary(src.train, vocab_cap);
  c.train = encode(src.train, c.vocab), c.valid = encode(src.valid, c.vocab), c.test = encode(src.test, c.vocab);
  return c;
}

TokenStreams makeStreams(const std::vector<int32_t>& tokens, int64_t streams, int64_t steps) {
  TokenStreams s;
  s.streams = streams, s.steps = steps;
  s.length = streams > 0 ? static_cast<int64_t>(tokens.size()) / streams : 0;
  s.data.assign(tokens.begin(), tokens.begin() + s.length * streams);
  return s;
}

std::string TokenStreams::fingerprint() const {
  uint64_t hash = mix64(static_cast<uint64_t>(streams) ^ (static_cast<uint64_t>(steps) << 32));
  for (int32_t t : data) hash = mix64(hash ^ static_cast<uint32_t>(t));
  char b[64];
  std::snprintf(b, sizeof(b), "%lld tokens, hash %016llx", static_cast<long long>(data.size()),
                static_cast<unsigned long long>(hash));
  return b;
}

void TokenStreams::batch(int64_t i, Tensor& tokens, std::vector<int>& targets) const {
  tokens.resize(static_cast<int>(streams), static_cast<int>(steps), 1, 1);
  targets.resize(static_cast<size_t>(streams * steps));
  for (int64_t s = 0; s < streams; ++s)
    for (int64_t t = 0; t < steps; ++t) {
      const int64_t at = s * length + i * steps + t;
      tokens.v[s * steps + t] = static_cast<float>(data[at]);
      targets[s * steps + t] = data[at + 1];
    }
}

}  // namespace vpsim
