// TextTask: what the training loop needs for a language model: the corpus cut into train, valid
// and test token streams (batch = streams, steps = tokens per stream and batch), and the
// evaluation over a whole split (mean next-token cross-entropy; perplexity = exp of it).
#pragma once

#include <cmath>
#include <memory>
#include <utility>

#include "workloads/dataset_info.h"
#include "workloads/train/network.h"
#include "workloads/train/text_data.h"
#include "workloads/train/train_config.h"

namespace vpsim {

struct TextTask {
  TextCorpus corpus;
  TokenStreams train, valid, test;
};

// Reads cfg.dataset from cfg.data_dir (subset: the first N training tokens; test_subset: the first N
// tokens of valid and of test) and fills `info` (vocabulary as classes, steps as sequence_length,
// train/valid sequences as train/test sizes). Throws InputError (missing files, splits too short).
std::unique_ptr<TextTask> loadTextTask(const TrainConfig& cfg, DatasetInfo& info);

// Mean token loss and next-token accuracy over every batch of `split`, from fresh state.
std::pair<double, double> evaluateText(Network& net, const TokenStreams& split, int64_t iter, uint64_t seed);

inline double perplexity(double mean_loss) { return std::exp(mean_loss); }

}  // namespace vpsim
