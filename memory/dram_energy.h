// DramEnergy: energy of a DRAM run from its command counts, with the current-based formula of the
// hardware page (DRAMsim3 form with the tCK factor: mA * V * ns = pJ) plus I/O energy per bit; and
// the per-bit lump figure as the simple alternative.
#pragma once

#include "memory/dram_preset.h"
#include "memory/dram_stats.h"

namespace vpsim {

struct DramEnergy {
  double activate_pj = 0;    // [pJ] ACT/PRE pairs: VDD (IDD0 tRC - IDD3N tRAS - IDD2N tRP) tCK devices
  double read_pj = 0;        // [pJ] bursts read: VDD (IDD4R - IDD3N) BL/2 tCK devices
  double write_pj = 0;       // [pJ] bursts written: VDD (IDD4W - IDD3N) BL/2 tCK devices
  double refresh_pj = 0;     // [pJ] refreshes: VDD (IDD5AB - IDD3N) tRFC tCK devices
  double background_pj = 0;  // [pJ] standby: VDD (IDD3N active | IDD2N precharged) tCK devices
  double io_pj = 0;          // [pJ] interface: io_pj_per_bit * bits moved
  double lump_pj = 0;        // [pJ] alternative whole-DRAM figure: lump_pj_per_bit * bits moved

  double corePj() const { return activate_pj + read_pj + write_pj + refresh_pj + background_pj; }
  double totalPj() const { return corePj() + io_pj; }  // current-based model, the default
};

// Per-command energies, exposed so tests and the tile timer use the same numbers.
double dramActivateEnergyPj(const DramPreset& p);
double dramReadEnergyPj(const DramPreset& p);
double dramWriteEnergyPj(const DramPreset& p);
double dramRefreshEnergyPj(const DramPreset& p);

DramEnergy computeDramEnergy(const DramPreset& p, const DramStats& s);

}  // namespace vpsim
