// kModelVersion: the version of the simulation models (PE rules, compiler, schedule, accelerator,
// memory, energy). It is part of every result identity (sim/arch/result_identity.h), so a cache or a
// sweep database never serves a number a different model made. Bump it in the same commit as any
// change that alters a simulated number (cycles, stalls, traffic, energy); the golden test
// (tests/sim/model_golden_test.cpp) fails with "results changed: bump the model version" until you
// do, and `scripts/update_golden.sh` then rewrites tests/golden/model/*.json in one command.
#pragma once

namespace vpsim {

inline constexpr const char* kModelVersion = "vpsim-model-9";

}  // namespace vpsim
