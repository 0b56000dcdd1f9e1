// MemoryStore: sparse byte storage for DRAM contents (4 KiB pages allocated on first write; unwritten
// bytes read as zero). Kept off the timing path: the DRAM target copies data here only when data
// storage is on, so timing-only runs allocate nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace vpsim {

class MemoryStore {
 public:
  static constexpr uint64_t kPageBytes = 4096;

  void write(uint64_t addr, const uint8_t* src, uint64_t n);
  void read(uint64_t addr, uint8_t* dst, uint64_t n) const;
  size_t pages() const { return pages_.size(); }

 private:
  using Page = std::unique_ptr<uint8_t[]>;
  std::unordered_map<uint64_t, Page> pages_;
};

}  // namespace vpsim
