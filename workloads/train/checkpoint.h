// Checkpoints: model parameters, BatchNorm/EMA buffers, SGD velocities and the run's progress
// (bits history, losses, finished epochs, LDP betas) in one binary file, written atomically. A
// checkpoint only resumes the run it came from: every setting that changes results (resultSettings,
// plus fingerprints of the data) and the trace header (layers) must match; a difference is named.
#pragma once

#include <string>

#include "traces/trace_format.h"
#include "workloads/train/network.h"
#include "workloads/train/optimizer.h"
#include "workloads/train/trainer.h"

namespace vpsim {

void saveCheckpoint(const std::string& path, const Settings& settings, const TraceHeader& header, Network& net,
                    Sgd& sgd, const TrainProgress& progress);
// Throws InputError if the file is unreadable, corrupt or from another run (naming the first
// setting that differs).
void loadCheckpoint(const std::string& path, const Settings& settings, const TraceHeader& header, Network& net,
                    Sgd& sgd, TrainProgress& progress);

}  // namespace vpsim
