// DramEnergy: the formulas of reference/hardware.md section 3. Currents are per device; a channel
// has bus_bits / device_bits devices (0.5 for a 64-bit HBM2 pseudo-channel of a 128-bit device).
#include "memory/dram_energy.h"

namespace vpsim {

double dramActivateEnergyPj(const DramPreset& p) {
  const DramPower& w = p.power;
  const DramTiming& t = p.timing;
  double ma_cycles = w.idd0_ma * t.trc - (w.idd3n_ma * t.tras + w.idd2n_ma * t.trp);
  return w.vdd_v * ma_cycles * t.tck_ns * p.devices();
}

double dramReadEnergyPj(const DramPreset& p) {
  return p.power.vdd_v * (p.power.idd4r_ma - p.power.idd3n_ma) * p.burstCycles() * p.timing.tck_ns * p.devices();
}

double dramWriteEnergyPj(const DramPreset& p) {
  return p.power.vdd_v * (p.power.idd4w_ma - p.power.idd3n_ma) * p.burstCycles() * p.timing.tck_ns * p.devices();
}

double dramRefreshEnergyPj(const DramPreset& p) {
  return p.power.vdd_v * (p.power.idd5ab_ma - p.power.idd3n_ma) * p.timing.trfc * p.timing.tck_ns * p.devices();
}

DramEnergy computeDramEnergy(const DramPreset& p, const DramStats& s) {
  DramEnergy e;
  const double cycle_pj = p.power.vdd_v * p.timing.tck_ns * p.devices();  // per mA-cycle
  e.activate_pj = double(s.activates) * dramActivateEnergyPj(p);
  e.read_pj = double(s.reads) * dramReadEnergyPj(p);
  e.write_pj = double(s.writes) * dramWriteEnergyPj(p);
  e.refresh_pj = double(s.refreshes) * dramRefreshEnergyPj(p);
  e.background_pj =
      cycle_pj * (p.power.idd3n_ma * double(s.active_cycles) + p.power.idd2n_ma * double(s.precharged_cycles));
  const double bits = double(s.bytes) * 8.0;
  e.io_pj = bits * p.power.io_pj_per_bit;
  e.lump_pj = bits * p.power.lump_pj_per_bit;
  return e;
}

}  // namespace vpsim
