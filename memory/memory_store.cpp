// MemoryStore: page-wise copy loops.
#include "memory/memory_store.h"

#include <algorithm>
#include <cstring>

namespace vpsim {

void MemoryStore::write(uint64_t addr, const uint8_t* src, uint64_t n) {
  while (n > 0) {
    const uint64_t page = addr / kPageBytes, off = addr % kPageBytes;
    const uint64_t len = std::min(n, kPageBytes - off);
    Page& p = pages_[page];
    if (!p) {
      p.reset(new uint8_t[kPageBytes]);
      std::memset(p.get(), 0, kPageBytes);
    }
    std::memcpy(p.get() + off, src, len);
    addr += len;
    src += len;
    n -= len;
  }
}

void MemoryStore::read(uint64_t addr, uint8_t* dst, uint64_t n) const {
  while (n > 0) {
    const uint64_t page = addr / kPageBytes, off = addr % kPageBytes;
    const uint64_t len = std::min(n, kPageBytes - off);
    auto it = pages_.find(page);
    if (it == pages_.end())
      std::memset(dst, 0, len);
    else
      std::memcpy(dst, it->second.get() + off, len);
    addr += len;
    dst += len;
    n -= len;
  }
}

}  // namespace vpsim
