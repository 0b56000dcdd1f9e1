// DramGather: a TLM-2.0 extension that turns one DMA transaction into a gather (reads) or scatter
// (writes) over several DRAM runs: the payload's data is the runs' bytes back to back, its address
// the first run's. The DMA engine attaches it to a burst of a strided tile (a feature-map halo:
// per-channel runs of rows); DramTarget hands the runs to the backend as one access, so the DRAM
// timing model sees the real addresses while the link and the buffer see one burst.
#pragma once

#include <tlm>

#include <cstddef>

#include "memory/dram_backend.h"

namespace vpsim {

struct DramGather : tlm::tlm_extension<DramGather> {
  const DramRun* runs = nullptr;
  size_t count = 0;
  tlm::tlm_extension_base* clone() const override { return new DramGather(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const DramGather&>(other); }
};

}  // namespace vpsim
