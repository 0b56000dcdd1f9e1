// Trainer::State, shared by the setup (trainer.cpp) and the loop (train_loop.cpp).
#pragma once

#include <memory>

#include "workloads/precision_schedule.h"
#include "workloads/train/dataset.h"
#include "workloads/train/ldp_schedule.h"
#include "workloads/train/network.h"
#include "workloads/train/optimizer.h"
#include "workloads/train/text_task.h"
#include "workloads/train/trainer.h"

namespace vpsim {

struct Trainer::State {
  TrainConfig cfg;
  Settings settings;  // what a checkpoint must match to be resumed (resultSettings + data fingerprints)
  std::shared_ptr<IterationCostModel> cost_model;
  ImageSet train, test;
  std::unique_ptr<TextTask> text;  // language models: token streams instead of images
  DatasetInfo info;
  std::unique_ptr<Network> net;
  std::unique_ptr<PrecisionSchedule> schedule;
  LdpSchedule* ldp = nullptr;
  std::unique_ptr<Sgd> sgd;
  LrSchedule lr;
  TraceHeader header;
  int64_t ipe = 1, total = 1;
  std::shared_ptr<TrainObserver> observer;  // co-simulation, or null
};

}  // namespace vpsim
