// PeArray: tile transactions in, time out. See pe_array.h for the two fidelities.
#include "pe/pe_array.h"
#include "pe/array_timing.h"

#include <algorithm>

namespace vpsim {

PeArray::PeArray(const sc_core::sc_module_name& name, const PeArrayConfig& cfg)
    : sc_module(name), cfg_(cfg), base_pe_(cfg.pe) {
  cfg_.array.validate();
  cfg_.pe.validate();
  cfg_.pe = base_pe_.forPass(Pass::Fwd);
  if (cfg_.fidelity == Fidelity::Tile) {
    engine_ = std::make_unique<TileEngine>(cfg_.array, cfg_.pe);
  } else {
    grid_ = makeSystolicGrid(cfg_.array, cfg_.pe);
    sc_core::sc_spawn([this] { clockThread(); }, "clock_thread");
  }
  socket.register_b_transport(this, &PeArray::b_transport);
}

void PeArray::setPass(Pass pass) {
  const PeConfig pe = base_pe_.forPass(pass);
  if (pe.serial_operand == cfg_.pe.serial_operand) return;  // forPass changes nothing else
  cfg_.pe = pe;
  if (cfg_.fidelity == Fidelity::Tile)
    engine_ = std::make_unique<TileEngine>(cfg_.array, cfg_.pe);
  else
    grid_ = makeSystolicGrid(cfg_.array, cfg_.pe);
}

void PeArray::account(const TileResult& r) {
  ++tiles_;
  busy_cycles_ += r.cycles;
  actions_ += r.actions;
}

void PeArray::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (trans.get_command() != tlm::TLM_WRITE_COMMAND || trans.get_data_length() != sizeof(TileJob)) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  auto* job = reinterpret_cast<TileJob*>(trans.get_data_ptr());
  if (cfg_.fidelity == Fidelity::Tile) {
    job->result = engine_->run(job->tile);
    delay += cfg_.clock_period * static_cast<double>(job->result.cycles);
  } else {
    wait(delay);  // the grid runs in simulated time: synchronise first
    job->result = runCycle(job->tile);
    delay = cfg_.clock_period * static_cast<double>(job->result.cycles - std::min(job->result.cycles, timed_clocks_));
  }
  account(job->result);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

TileResult PeArray::run(const TileData& tile) {
  if (cfg_.fidelity == Fidelity::Cycle) {
    TileResult r = runCycle(tile);
    account(r);
    wait(cfg_.clock_period * static_cast<double>(r.cycles - std::min(r.cycles, timed_clocks_)));
    return r;
  }
  TileResult r = engine_->run(tile);
  account(r);
  wait(cfg_.clock_period * static_cast<double>(r.cycles));
  return r;
}

TileResult PeArray::runCycle(const TileData& tile) {
  const auto& f = tile.format;
  const TileTiming tt = tileTiming(cfg_.array, cfg_.pe, tile.shape, f.bits0, f.bits1);
  timed_clocks_ = tt.cycles - std::min(tt.cycles, tt.drain_cycles);
  grid_->start(tile);
  start_.notify(sc_core::SC_ZERO_TIME);
  wait(done_);
  return grid_->result();
}

void PeArray::clockThread() {
  for (;;) {
    wait(start_);
    while (grid_->busy()) {
      if (grid_->clock() < timed_clocks_) wait(cfg_.clock_period);  // one clock edge: every PE steps
      grid_->tick();  // the drain's clocks without waiting: the next tile overlaps them
    }
    done_.notify(sc_core::SC_ZERO_TIME);
  }
}

}  // namespace vpsim
