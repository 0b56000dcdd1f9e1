// Dataset facts. Sizes: CIFAR 50k/10k, ImageNet-1k 1,281,167/50k, Fashion-MNIST 60k/10k.
// Token datasets: WikiText-103 103,227,021 training tokens in 512-token samples (fairseq's
// transformer_lm context), PTB 929,589 training tokens in 35-token samples (Zaremba et al.).
#include "workloads/dataset_info.h"

#include "traces/input_error.h"

namespace vpsim {

namespace {
std::vector<DatasetInfo> allDatasets() {
  return {
      {"cifar10", 3, 32, 32, 10, 50000, 10000, 0},
      {"cifar100", 3, 32, 32, 100, 50000, 10000, 0},
      {"imagenet", 3, 224, 224, 1000, 1281167, 50000, 0},
      {"fashion-mnist", 1, 28, 28, 10, 60000, 10000, 0},
      {"wikitext103", 0, 0, 0, 267735, 103227021 / 512, 245569 / 512, 512},
      {"ptb", 0, 0, 0, 10000, 929589 / 35, 82430 / 35, 35},
  };
}
}  // namespace

DatasetInfo datasetInfo(const std::string& name) {
  const std::string key = name == "fmnist" ? "fashion-mnist" : name;
  for (const auto& d : allDatasets())
    if (d.name == key) return d;
  std::string list;
  for (const auto& n : datasetNames()) list += (list.empty() ? "" : ", ") + n;
  throw InputError("unknown dataset '" + name + "' (known: " + list + ")");
}

std::vector<std::string> datasetNames() {
  std::vector<std::string> out;
  for (const auto& d : allDatasets()) out.push_back(d.name);
  return out;
}

}  // namespace vpsim
