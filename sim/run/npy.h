// NumPy .npy files of integers (format versions 1-3, little-endian, C order): what `vpsim layer
// --values` reads operands from and --dump-outputs writes. Bad files are InputErrors naming the
// file and what is wrong.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vpsim {

struct NpyInts {
  std::vector<int64_t> shape;
  std::vector<int64_t> data;  // row-major
};

// dtypes |i1 <i2 <i4 <i8 |u1 <u2 <u4 (and |b1); anything else is an InputError.
NpyInts readNpyInts(const std::string& path);
void writeNpyInt64(const std::string& path, const std::vector<int64_t>& shape, const std::vector<int64_t>& data);

}  // namespace vpsim
