// Trainer: the training loop of `vpsim train`. Per iteration: schedule -> bits of every layer,
// forward with quantized weights/activations, softmax cross-entropy, backward with quantized errors,
// LDP's beta step, SGD. Writes OUT/trace.jsonl (the bits it used, merged into runs, plus metric lines),
// OUT/metrics.csv (one row per epoch) and OUT/checkpoint.bin (resumable; same seed, same machine:
// identical outputs whether interrupted or not).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "traces/trace_format.h"
#include "workloads/dataset_info.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/cost_model.h"
#include "workloads/train/train_config.h"
#include "workloads/train/train_observer.h"

namespace vpsim {

// quantizer: sbm: the width of the errors that feed the weight gradient (Banner et al.'s 16-bit
// "gradient bifurcation"; the bwd_data errors keep the schedule's g).
inline constexpr int kSbmWeightGradErrorBits = 16;

struct EpochMetrics {
  int64_t epoch = 0, iterations = 0;  // iterations completed at the end of this epoch
  double lr = 0, train_loss = 0, train_acc = 0, test_loss = 0, test_acc = 0;
  double avg_bits = 0, avg_grad_bits = 0, gbitops = 0;
};

// Everything a checkpoint holds besides the model and optimizer tensors.
struct TrainProgress {
  int64_t next_iter = 0;
  std::vector<TraceRun> runs;        // bits used so far
  std::vector<double> losses;        // every iteration's loss (replayed into PFQ on resume)
  std::vector<double> underflow;     // every iteration's gradient underflow, if the schedule wants it
  std::vector<EpochMetrics> epochs;  // finished epochs
  double sum_loss = 0, bitops = 0, sum_bits = 0, sum_gbits = 0;  // current epoch so far
  int64_t correct = 0, seen = 0, bit_samples = 0;
  std::vector<double> ldp_betas;
  int range_test_bmin = 0;
};

struct TrainResult {
  std::vector<EpochMetrics> epochs;
  bool finished = false;  // false: stopped early by stop_after (resume later)
  int64_t iterations = 0;
  // seconds: wall time of the run; eval_seconds: of it, test evaluation and checkpoint writes;
  // images_per_second: training throughput alone (seconds - eval_seconds).
  double seconds = 0, eval_seconds = 0, images_per_second = 0;
  int range_test_bmin = 0;
};

class Trainer {
 public:
  // cost_model: LDP's cost (null = BitOPs). Throws InputError for bad configs or data.
  explicit Trainer(TrainConfig cfg, std::shared_ptr<IterationCostModel> cost_model = nullptr);
  ~Trainer();
  // out_dir empty: nothing written (benchmarks, range test). resume: continue OUT/checkpoint.bin.
  TrainResult run(const std::string& out_dir, bool resume);
  // Co-simulation: sees every iteration's bits (replayed from the checkpoint on resume) and every
  // epoch end. Null: none.
  void setObserver(std::shared_ptr<TrainObserver> observer);
  const TraceHeader& traceHeader() const;  // model, dataset, batch, layers of the trace it writes

  struct State;  // data, model, schedule, optimizer (trainer.cpp)

 private:
  std::unique_ptr<State> s_;
};

// The image dataset a config trains on (name, geometry, classes) without loading it: the zoo's
// layer list of cfg.model on it is the trainer's. Not for token corpora (text_task.h).
DatasetInfo trainDatasetInfo(const TrainConfig& cfg);

// CPT's precision range test (methods.md section 4): trains briefly at each precision from..to
// (from scratch each time) and returns the first precision whose accuracy gain over the one below
// is under the threshold, with the accuracy measured at each precision.
int precisionRangeTest(const TrainConfig& cfg, std::vector<double>* accuracies);
std::string withLowerBound(const ScheduleSpec& spec, int bmin);  // "cpt:BMIN-HI/G,..." (range_test.cpp)

// Checkpoint and metrics file helpers (trainer_io.cpp).
// perplexity: language models add train_ppl and valid_ppl (exp of the mean token losses; their
// test_* columns are the validation split's).
void writeMetricsCsv(const std::string& path, const std::vector<EpochMetrics>& epochs, bool perplexity = false);
nlohmann::json metricsJson(const EpochMetrics& m, bool perplexity = false);

}  // namespace vpsim
