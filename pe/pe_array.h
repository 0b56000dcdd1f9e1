// PeArray: the SystemC shell of the PE array. It only moves tiles and time; arithmetic and timing
// rules live in the plain C++ TileEngine (tile fidelity) and SystolicGrid (cycle fidelity).
//   tile fidelity:  one loosely timed transaction per tile; b_transport adds the tile's latency
//                   (from the array timing rules) to the annotated delay, no wait.
//   cycle fidelity: an internal clocked thread ticks every PE of the grid once per clock period;
//                   b_transport synchronises, hands the tile over and waits until the tile's last
//                   rows have entered; the drain (array_timing's drain_cycles) is stepped at once
//                   and returned as annotated delay, the time the next tile overlaps it.
// Both return the same values, cycles and actions for the same tile.
//
// Transport: a tlm_generic_payload with command WRITE whose data pointer is a TileJob and whose
// data length is sizeof(TileJob); the job's result is filled in place.
// The socket must be bound (TLM rule) even when a caller only uses run().
#pragma once

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include <memory>

#include "pe/array_config.h"
#include "pe/systolic_grid.h"
#include "pe/tile_engine.h"

namespace vpsim {

struct TileJob {
  TileData tile;
  TileResult result;
};

struct PeArrayConfig {
  ArrayConfig array;
  PeConfig pe;
  Fidelity fidelity = Fidelity::Tile;
  sc_core::sc_time clock_period = sc_core::sc_time(2, sc_core::SC_NS);  // 500 MHz
};

class PeArray : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<PeArray> socket{"socket"};

  PeArray(const sc_core::sc_module_name& name, const PeArrayConfig& cfg);

  // Blocking convenience for an SC_THREAD caller: runs the tile and consumes its time.
  TileResult run(const TileData& tile);
  // Configures the PEs for the next tiles' training pass (PeConfig::forPass: a pass can make
  // another operand serial). Only between tiles: the array must be idle.
  void setPass(Pass pass);

  const PeArrayConfig& config() const { return cfg_; }
  uint64_t tiles() const { return tiles_; }
  uint64_t busyCycles() const { return busy_cycles_; }
  const PeActions& actions() const { return actions_; }  // summed over every tile so far

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  TileResult runCycle(const TileData& tile);  // blocks until the grid has drained
  void clockThread();
  void account(const TileResult& r);

  PeArrayConfig cfg_;  // cfg_.pe: as configured for the current pass
  PeConfig base_pe_;   // as given, with its per-pass settings
  std::unique_ptr<TileEngine> engine_;
  std::unique_ptr<SystolicGrid> grid_;
  sc_core::sc_event start_, done_;
  uint64_t timed_clocks_ = 0;  // clocks of the current tile stepped in simulated time (the rest: its drain)
  uint64_t tiles_ = 0, busy_cycles_ = 0;
  PeActions actions_;
};

}  // namespace vpsim
