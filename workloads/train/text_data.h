// Token corpora for the language models: the PTB and WikiText token files in a user's data_dir
// (ptb.{train,valid,test}.txt; wiki.{train,valid,test}.tokens: whitespace-separated tokens, <unk>
// already in the text), plain-text files ("text": every *.txt of data_dir, or one file; "vimdoc":
// the Vim user manual of Debian's vim-runtime, /usr/share/vim/vim*/doc/usr_*.txt, the corpus the
// tests and the README use), a vocabulary, and the PTB recipes' batching into token streams.
// Every line becomes its tokens followed by <eos>, as in PyTorch's word_language_model.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "workloads/train/tensor.h"

namespace vpsim {

inline constexpr const char* kVimDocGlob = "/usr/share/vim/vim*/doc";

struct Vocabulary {
  std::vector<std::string> words;  // id -> word
  std::unordered_map<std::string, int32_t> ids;
  int32_t unk = -1;
  int32_t add(const std::string& w);         // id of w, added if new
  int32_t idOr(const std::string& w) const;  // id of w, or unk (added by the builder when needed)
  int64_t size() const { return static_cast<int64_t>(words.size()); }
};

struct TextCorpus {
  std::string name;  // ptb, wikitext2, wikitext103, text, vimdoc
  Vocabulary vocab;
  std::vector<int32_t> train, valid, test;
};

bool isTextDataset(const std::string& name);
std::vector<std::string> textDatasetNames();

// Reads a corpus. vocab_cap > 0 keeps the vocab_cap - 1 most frequent training words (ties: first
// seen first) plus <unk>; 0 keeps every training word, in order of first appearance (PyTorch's).
// Words of valid/test outside the vocabulary become <unk>. "text" and "vimdoc" split the lines of
// their files (in name order) 90/5/5 into train/valid/test. Throws InputError naming the file.
TextCorpus loadTextCorpus(const std::string& dataset, const std::string& data_dir, int64_t vocab_cap);

// One split cut into `streams` contiguous streams (the PTB recipes' batchify: the tail that does
// not fill every stream is dropped); batch i holds tokens [i*steps, (i+1)*steps) of every stream
// and the next token of each as its target. Batches are full: (length - 1) / steps of them.
struct TokenStreams {
  int64_t streams = 0, steps = 0, length = 0;  // length: tokens per stream
  std::vector<int32_t> data;                   // [streams x length]
  int64_t batches() const { return length > 0 ? (length - 1) / steps : 0; }
  // tokens [streams, steps] as exact floats, targets row-major [streams*steps] (row s*steps + t).
  void batch(int64_t i, Tensor& tokens, std::vector<int>& targets) const;
  std::string fingerprint() const;  // "N tokens, hash H": --resume refuses other data
};
TokenStreams makeStreams(const std::vector<int32_t>& tokens, int64_t streams, int64_t steps);

}  // namespace vpsim
