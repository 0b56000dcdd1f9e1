// TrainConfig: everything `vpsim train` reads from configs/train/*.yaml, checked with ConfigNode
// (errors name file:line: key, InputError), with `--set key=value` overrides applied on the YAML
// tree first (nested keys with dots: --set augment.flip=false).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "workloads/train/dataset.h"
#include "workloads/train/lm_config.h"
#include "workloads/train/optimizer.h"

namespace vpsim {

struct RangeTestConfig {
  bool enabled = false;
  int from = 2, to = 8;     // precisions tried, lowest first
  int64_t iterations = 50;  // training iterations at each precision
  double threshold = 0.01;  // b_min: first precision whose accuracy gain over the previous one is below this
};

struct TrainConfig {
  std::string file;  // where it came from (error messages)
  std::string model = "cnn", dataset = "fashion-mnist", data_dir;
  int64_t epochs = 1, iterations = 0;  // iterations > 0 overrides epochs
  int64_t batch = 128, subset = 0, test_subset = 0, synthetic_size = 2048, synthetic_hw = 28;
  int64_t synthetic_channels = 1, synthetic_classes = 10;
  int64_t image_size = 64, image_channels = 3;  // dataset: imagefolder (image_folder.h)
  uint64_t seed = 1;
  int threads = 0;
  std::string schedule = "static:8/8";
  // affine | symmetric (signed, zero-centred) | fixed | sbm (the original SBM: per-tensor weight
  // ranges, Range BN, 16-bit errors into the weight gradient)
  std::string quantizer = "affine";
  // Conv weights at the start: recipe (N(0, sqrt(2/(k*k*Cout))), CPT's) | pytorch (nn.Conv2d's
  // default, kaiming_uniform a=sqrt(5)); see conv.h.
  std::string init = "recipe";
  double lr = 0.1, momentum = 0.9, weight_decay = 1e-4, gamma = 0.1;
  std::string lr_schedule = "step";              // step | cosine | constant
  std::vector<double> milestones = {0.5, 0.75};  // step: fractions of the run's iterations
  int64_t warmup = 0;
  Augment augment;
  std::string progress = "auto";  // auto (when stderr is a terminal) | on | off
  int64_t stop_after = 0;         // stop (checkpointed) after this many iterations: resume tests
  RangeTestConfig range_test;
  LmConfig lm;             // language models (lstm, transformer): `lm:` map
  double grad_clip = 0.0;  // > 0: scale the gradients to this global L2 norm when above it
  AdamConfig adam;         // optimizer: adam (with adam: {beta1, beta2, eps}); sgd otherwise
  int eval_bits = 0;       // test evaluation's w/a bits on quantized layers; 0 = the iteration's training bits
};

// Loads a YAML config and applies "key=value" overrides. Throws InputError.
TrainConfig loadTrainConfig(const std::string& path, const std::vector<std::string>& overrides);
TrainConfig parseTrainConfig(const std::string& yaml_text, const std::string& name,
                             const std::vector<std::string>& overrides);

// The settings that change a run's results, as (key, value text) in a fixed order. A checkpoint
// records them and --resume refuses a run whose settings differ, naming the key. Not in the list:
// threads (results do not depend on it), progress, stop_after, data_dir (the trainer adds
// fingerprints of the data itself).
using Settings = std::vector<std::pair<std::string, std::string>>;
Settings resultSettings(const TrainConfig& cfg);

}  // namespace vpsim
