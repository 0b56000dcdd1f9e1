// LmConfig: the shape of the trainer's language models (`lm:` in a train config). Zero means the
// model zoo's shape: lstm = 2 layers x 650 (embedding 650), 35 steps (Zaremba et al. medium, PTB);
// transformer = 6 blocks, d 512, 8 heads, MLP 4 x d, context 512 (fairseq transformer_lm base).
#pragma once

#include <cstdint>
#include <string>

namespace vpsim {

struct LmConfig {
  int64_t steps = 0;     // tokens per sequence: the LSTM's BPTT length, the Transformer's context
  int64_t width = 0;     // LSTM hidden and embedding size; Transformer model dimension
  int64_t layers = 0;    // LSTM layers; Transformer blocks
  int64_t heads = 0;     // Transformer attention heads
  int64_t mlp = 0;       // Transformer MLP width (0: 4 x width)
  double dropout = 0.0;  // on embeddings and between layers (LSTM), on residual branches (Transformer)
  int64_t vocab = 0;     // vocabulary cap: the most frequent words of the training split, the rest <unk>
  int64_t batch = 1;     // token streams per batch (sizes the LSTM's carried state); set by the trainer
};

inline bool isLanguageModel(const std::string& model) { return model == "lstm" || model == "transformer"; }

// The zoo's value of each zero field for `model` (lstm or transformer); steps stays as given.
inline LmConfig resolvedLm(const std::string& model, LmConfig c) {
  const bool lstm = model == "lstm";
  if (c.width == 0) c.width = lstm ? 650 : 512;
  if (c.layers == 0) c.layers = lstm ? 2 : 6;
  if (c.heads == 0) c.heads = lstm ? 1 : 8;
  if (c.mlp == 0) c.mlp = 4 * c.width;
  return c;
}
inline int64_t defaultSteps(const std::string& model) { return model == "lstm" ? 35 : 512; }

}  // namespace vpsim
