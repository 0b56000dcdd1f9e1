// targetFromConfig: a CompilerTarget from the hardware YAML keys the compiler needs
// (array.rows/cols, buffers.{ibuf,wbuf,obuf}.kib/double_buffered, pe.accumulator_bits,
// dram.bits_per_cycle). Other keys belong to sim/'s hardware loader and are ignored here; the
// throughput rule and energies stay those of `base`.
#pragma once

#include "isa/compiler_target.h"
#include "traces/config_node.h"

namespace vpsim {

CompilerTarget targetFromConfig(const ConfigNode& hw, CompilerTarget base);  // throws InputError

}  // namespace vpsim
