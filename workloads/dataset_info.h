// Datasets by name: input geometry, classes and train-set size (iterations per epoch =
// ceil(train_size / batch)). Token datasets count samples as sequences of `sequence_length` tokens.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vpsim {

struct DatasetInfo {
  std::string name;
  int64_t channels = 0, height = 0, width = 0;  // images; for token datasets channels = 0
  int64_t classes = 0;                          // classes or vocabulary size
  int64_t train_size = 0, test_size = 0;        // samples (images or sequences)
  int64_t sequence_length = 0;                  // tokens per sample (token datasets only)
  int64_t iterationsPerEpoch(int64_t batch) const { return (train_size + batch - 1) / batch; }
};

// cifar10, cifar100, imagenet, fashion-mnist (alias fmnist), wikitext103, ptb. Throws InputError.
DatasetInfo datasetInfo(const std::string& name);
std::vector<std::string> datasetNames();

}  // namespace vpsim
