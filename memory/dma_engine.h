// DmaEngine: loosely-timed TLM-2.0 initiator that moves a tile between DRAM and an on-chip buffer
// in burst-sized transactions. It has no thread of its own: the controller's thread calls load() or
// store() and gets the completion time back in its local `delay` (temporal decoupling; the caller's
// quantum keeper decides when to sync). Bursts are pipelined: the DRAM side keeps two bursts in
// flight (burst i is issued when burst i-2 is done, as the accelerator's DMA thread does), so
// back-to-back bursts overlap in the DRAM and a transfer pays the DRAM latency once; the buffer
// side takes one burst at a time as its data arrives. A tile takes max(DRAM, buffer) time plus one
// burst of fill/drain.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "memory/dram_backend.h"

namespace vpsim {

struct DmaConfig {
  uint64_t burst_bytes = 4096;  // [B] bytes per TLM transaction (an AXI-like burst; 4 KiB boundary)
  bool move_data = true;        // false: timing-only (payloads point at one scratch burst nobody reads)
};

struct DmaStats {
  uint64_t transactions = 0;  // [count] TLM transactions issued (both sockets)
  uint64_t bytes_loaded = 0;  // [B] DRAM -> buffer
  uint64_t bytes_stored = 0;  // [B] buffer -> DRAM
};

class DmaEngine : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<DmaEngine> dram_socket{"dram_socket"};
  tlm_utils::simple_initiator_socket<DmaEngine> buffer_socket{"buffer_socket"};

  DmaEngine(const sc_core::sc_module_name& name, const DmaConfig& config);

  // DRAM [dram_addr, +bytes) -> buffer [buf_addr, +bytes). `delay` is the caller's local time offset
  // on entry and the tile's completion offset on return. Throws std::runtime_error on a TLM error.
  void load(uint64_t dram_addr, uint64_t buf_addr, uint64_t bytes, sc_core::sc_time& delay);
  // Buffer [buf_addr, +bytes) -> DRAM [dram_addr, +bytes).
  void store(uint64_t buf_addr, uint64_t dram_addr, uint64_t bytes, sc_core::sc_time& delay);
  // 2-D tiles: `rows` DRAM runs of `row_bytes`, `stride_bytes` apart, packed densely in the buffer.
  void loadStrided(uint64_t dram_addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes, uint64_t buf_addr,
                   sc_core::sc_time& delay);
  void storeStrided(uint64_t buf_addr, uint64_t dram_addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes,
                    sc_core::sc_time& delay);

  // One side of one burst, for a controller that arbitrates the link burst by burst itself
  // (sim/arch/accelerator.cpp, isa/dma_arbiter.h). dramBurst: the DRAM side starting `at` from now;
  // returns the offset from now at which it is done. bufferBurst: the buffer side's duration.
  sc_core::sc_time dramBurst(bool write, uint64_t dram_addr, uint64_t bytes, sc_core::sc_time at);
  // A burst whose DRAM side is several runs (memory/dram_gather.h), one transaction.
  sc_core::sc_time dramGather(bool write, const std::vector<DramRun>& runs, sc_core::sc_time at);
  sc_core::sc_time bufferBurst(bool write, uint64_t buf_addr, uint64_t bytes);

  const DmaStats& stats() const { return stats_; }

 private:
  using Socket = tlm_utils::simple_initiator_socket<DmaEngine>;
  // The two sides' local clocks during one transfer (see dma_engine.cpp).
  struct Pipe {
    sc_core::sc_time start, buffer;               // transfer start; buffer port free
    std::array<sc_core::sc_time, 2> dram_done{};  // the last two DRAM bursts' completions
    uint64_t bursts = 0;
    sc_core::sc_time dramIssue() const { return bursts < 2 ? start : std::max(start, dram_done[bursts % 2]); }
    sc_core::sc_time end() const;
  };
  // Moves one run of a transfer.
  void move(bool load, uint64_t dram_addr, uint64_t buf_addr, uint64_t bytes, Pipe& pipe);
  void transact(Socket& s, tlm::tlm_command cmd, uint64_t addr, uint64_t n, sc_core::sc_time& t,
                const std::vector<DramRun>* gather = nullptr);

  DmaConfig config_;
  std::vector<uint8_t> chunk_;
  DmaStats stats_;
};

}  // namespace vpsim
