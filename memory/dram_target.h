// DramTarget: loosely-timed TLM-2.0 target for off-chip memory. b_transport hands the transfer to a
// DramBackend (ideal link or cycle-level timing model) and adds the latency to the annotated delay
// instead of waiting. Data lives in a MemoryStore beside the timing path and can be switched off.
#pragma once

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include <memory>

#include "memory/dram_backend.h"
#include "memory/memory_config.h"
#include "memory/memory_store.h"

namespace vpsim {

struct DramTargetConfig {
  DramConfig dram;              // ideal or timing model
  double accel_clock_ns = 2.0;  // [ns] accelerator clock (ideal link bits are per accelerator cycle)
  double ideal_pj_per_bit = 0;  // [pJ/bit] energy table DRAM figure for the ideal model
  bool store_data = true;       // keep contents (false: timing-only run, data pointers ignored)
};

class DramTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<DramTarget> socket{"socket"};

  DramTarget(const sc_core::sc_module_name& name, const DramTargetConfig& config);

  DramBackend& backend() { return *backend_; }
  MemoryStore* store() { return store_.get(); }  // nullptr when data storage is off

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  void copyData(tlm::tlm_generic_payload& payload);

  std::unique_ptr<DramBackend> backend_;
  std::unique_ptr<MemoryStore> store_;
};

}  // namespace vpsim
