// Accelerator: the SystemC top level. DMA engine -> (DRAM target, buffer router -> ibuf/obuf/wbuf
// targets), the PE array and the vector unit, driven by three threads that only move data and time:
// the DMA thread moves the TileSchedule's transfers burst by burst in the order isa/dma_arbiter.h
// picks (per-buffer load queues and a store queue sharing the link), the compute thread issues the
// tiles, the vector thread does the elementwise work on each stored block. Each thread records the
// times its operations will be done as soon as it knows them (loosely timed) and the others wait
// on those times, so tile N+1 loads while tile N computes and tile N-1's outputs go through the
// vector unit. A tile holds the array for its cycles minus its drain (the next tile enters behind
// it); its outputs are final after the drain (pe/array_timing.h). The same rules in plain C++ are
// isa/pipeline_estimate.h, which the compiler uses to pick tilings. Elaborated once per hardware
// config; runPass() feeds one schedule at a time and returns when the threads are idle (sc_start
// returns on starvation).
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>

#include <array>
#include <memory>

#include "isa/pipeline_estimate.h"
#include "isa/tile_schedule.h"
#include "memory/dma_engine.h"
#include "memory/dram_target.h"
#include "memory/sram_target.h"
#include "memory/tlm_protocol_checker.h"
#include "pe/pe_array.h"
#include "sim/arch/buffer_router.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/vector_unit.h"

namespace vpsim {

struct GemmValues;

// What one pass cost in the simulation, as raw counters (the energy model prices them).
struct AcceleratorCounters {
  uint64_t cycles = 0;          // [cycle] first issue -> last operation done
  uint64_t compute_cycles = 0;  // [cycle] array busy (issue intervals of the tiles + the last drain)
  uint64_t vector_cycles = 0;   // [cycle] vector unit busy
  double vector_ops = 0;
  uint64_t tiles = 0;
  PeActions actions;
  std::array<uint64_t, 3> sram_read_bits{}, sram_write_bits{};  // ibuf, obuf, wbuf
  uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  double dram_energy_pj = 0;  // from the DRAM backend (ideal: table pJ/bit; timing: currents)
};

class Accelerator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Accelerator> array_socket{"array_socket"};  // controller -> PE array
  Accelerator(const sc_core::sc_module_name& name, const HwConfig& hw, Fidelity fidelity);
  // Runs the schedule of one training pass to completion (calls sc_start); not callable from inside
  // a process. The PEs are configured for `pass` first (PeConfig::forPass).
  AcceleratorCounters runPass(const TileSchedule& schedule, Pass pass);
  // With values attached, every compute tile of the next passes carries its slice of them through
  // the PE array and its results go back into them (sim/arch/pass_values.h); nullptr: timing only.
  void attachValues(GemmValues* values) { values_ = values; }

 private:
  // initiator -> target, through a TlmProtocolChecker when protocol checks are on.
  template <typename Initiator, typename Target>
  void bind(Initiator& initiator, Target& target, const std::string& checker_name) {
    if (!tlmChecksEnabled()) return initiator.bind(target);
    checkers_.push_back(std::make_unique<TlmProtocolChecker>(checker_name.c_str()));
    initiator.bind(checkers_.back()->target);
    checkers_.back()->initiator.bind(target);
  }
  void dmaThread();
  void computeThread();
  void vectorThread();
  TileResult runTile(const ComputeOp& op);
  void transport(TileJob& job, sc_core::sc_time& delay);
  int64_t nowCycles() const;                                // cycles since the pass started
  void waitUntil(int64_t cycle);                            // waits until that cycle of the pass (if still ahead)
  void record(std::vector<int64_t>& times, int64_t cycle);  // a completion time became known
  const HwConfig& hw_;
  sc_core::sc_time clock_;
  std::unique_ptr<DramTarget> dram_;
  std::array<std::unique_ptr<SramTarget>, 3> buffers_;
  std::unique_ptr<BufferRouter> router_;
  std::unique_ptr<DmaEngine> dma_;
  std::unique_ptr<PeArray> array_;
  std::unique_ptr<VectorUnit> vector_;
  std::vector<std::unique_ptr<TlmProtocolChecker>> checkers_;  // empty unless protocol checks are on
  Pass pass_kind_ = Pass::Fwd;
  const TileSchedule* schedule_ = nullptr;
  GemmValues* values_ = nullptr;
  sc_core::sc_event start_dma_, start_compute_, start_vector_, recorded_;
  sc_core::sc_time start_;
  // Completion cycles (from the pass start) as they become known: the replay's record and rules
  std::unique_ptr<ScheduleTimes> times_;
  int64_t end_cycle_ = 0;     // the last operation done
  AcceleratorCounters pass_;  // filled by the compute thread during runPass
};

}  // namespace vpsim
