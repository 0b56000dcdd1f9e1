// DramPreset: one DRAM device/channel description loaded from configs/dram/<name>.yaml: organisation,
// timing (cycles of tCK), currents and per-bit energies, each with the source it came from.
// Derived quantities (burst size, peak bandwidth, devices per channel) live here so that the timing
// model, the energy model and the tile timer agree on them.
#pragma once

#include <cstdint>
#include <string>

namespace vpsim {

struct DramOrganisation {
  int bus_bits = 64;        // [bit] data bus width of one channel (pseudo-channel for HBM2)
  int device_bits = 8;      // [bit] data width of one device; devices = bus_bits / device_bits
  int burst_length = 8;     // [transfers] BL; a burst occupies BL/2 tCK on the DDR bus
  int bankgroups = 4;       // [count] bank groups per rank (1 = no bank groups)
  int banks_per_group = 4;  // [count] banks in each bank group
  int rows = 65536;         // [count] rows per bank
  int columns = 1024;       // [count] bus-width columns per row (row bytes = columns * bus_bits/8)
  int ranks = 1;            // [count] ranks on the channel: own banks, tRRD/tFAW and refresh; shared data bus
  int pseudo_channels = 1;  // [count] HBM2 pseudo-channels: own banks and data bus; shared command bus
  int command_buses = 1;    // 1: one command per cycle; 2: a row bus (ACT/PRE/REF) and a column bus (RD/WR)
};

struct DramTiming {
  double tck_ns = 0.833;   // [ns] clock period
  int cl = 16;             // [tCK] read latency RD -> first data
  int cwl = 16;            // [tCK] write latency WR -> first data
  int trcd = 16;           // [tCK] ACT -> RD/WR, same bank
  int trp = 16;            // [tCK] PRE -> ACT, same bank
  int tras = 39;           // [tCK] ACT -> PRE, same bank
  int trc = 55;            // [tCK] ACT -> ACT, same bank
  int trtp = 9;            // [tCK] RD -> PRE, same bank
  int twr = 19;            // [tCK] end of write data -> PRE, same bank
  int tccd_s = 4;          // [tCK] CAS -> CAS, different bank group
  int tccd_l = 6;          // [tCK] CAS -> CAS, same bank group
  int trrd_s = 4;          // [tCK] ACT -> ACT, different bank group
  int trrd_l = 6;          // [tCK] ACT -> ACT, same bank group
  int twtr_s = 3;          // [tCK] end of write data -> RD, different bank group
  int twtr_l = 9;          // [tCK] end of write data -> RD, same bank group
  int tfaw = 26;           // [tCK] window holding at most four ACTs
  int trfc = 420;          // [tCK] REF -> ACT (all-bank refresh duration)
  int trefi = 9364;        // [tCK] average interval between all-bank refreshes (per rank)
  int trtrs = 0;           // [tCK] rank-to-rank switch: extra gap between data bursts of different ranks
  int act_bus_cycles = 1;  // [tCK] command-bus cycles an ACT occupies (HBM2: 2, on the row bus)
};

struct DramPower {
  double vdd_v = 1.2;          // [V] core supply of the currents below
  double idd0_ma = 48;         // [mA] one-bank ACT-PRE cycling current, per device
  double idd2n_ma = 34;        // [mA] precharged standby current, per device
  double idd3n_ma = 43;        // [mA] active standby current, per device
  double idd4r_ma = 135;       // [mA] burst read current, per device
  double idd4w_ma = 123;       // [mA] burst write current, per device
  double idd5ab_ma = 250;      // [mA] all-bank refresh current, per device
  double io_pj_per_bit = 0;    // [pJ/bit] I/O (interface) energy, not in the currents
  double lump_pj_per_bit = 0;  // [pJ/bit] whole-DRAM energy per bit, the simple alternative
};

struct DramPreset {
  std::string name;  // preset name, e.g. "ddr4-2400"
  std::string file;  // file it was loaded from (for messages)
  DramOrganisation org;
  DramTiming timing;
  DramPower power;

  // A channel holds subChannels() = ranks x pseudo-channels, each with its own banks and timing
  // state; banks are numbered flat over the channel, sub-channel first.
  int banksPerRank() const { return org.bankgroups * org.banks_per_group; }
  int subChannels() const { return org.ranks * org.pseudo_channels; }
  int banks() const { return banksPerRank() * subChannels(); }                  // per channel
  bool sharedDataBus() const { return org.pseudo_channels == 1; }               // ranks share it, PCs do not
  int burstCycles() const { return org.burst_length / 2; }                      // [tCK] DDR bus
  int burstBytes() const { return org.bus_bits / 8 * org.burst_length; }        // [B]
  int burstsPerRow() const { return org.columns / org.burst_length; }           // [count]
  int64_t rowBytes() const { return int64_t(org.columns) * org.bus_bits / 8; }  // [B]
  double devices() const { return double(org.bus_bits) / org.device_bits; }     // per rank; may be 0.5 (HBM2)
  int dataBuses() const { return org.pseudo_channels; }                         // per channel
  double peakGBps() const { return dataBuses() * org.bus_bits / 8.0 * 2.0 / timing.tck_ns; }  // [GB/s] per channel
};

// Loads and validates a preset file; unknown keys, missing keys or sources, impossible values ->
// InputError naming file, line and key.
DramPreset loadDramPreset(const std::string& file);
// configs/dram/<name>.yaml under `configs_dir`; InputError listing the known presets if absent.
std::string dramPresetPath(const std::string& configs_dir, const std::string& name);

}  // namespace vpsim
