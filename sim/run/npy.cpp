// .npy reading and writing (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
#include "sim/run/npy.h"

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/run/atomic_file.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

std::string headerOf(std::ifstream& in, const std::string& path) {
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw InputError(path + ": not a .npy file");
  const int major = static_cast<unsigned char>(magic[6]);
  if (major < 1 || major > 3)
    throw InputError(path + ": .npy format version " + std::to_string(major) + " not supported");
  unsigned char len[4] = {0, 0, 0, 0};
  if (!in.read(reinterpret_cast<char*>(len), major == 1 ? 2 : 4)) throw InputError(path + ": truncated .npy header");
  const uint32_t n = len[0] | len[1] << 8 | uint32_t(len[2]) << 16 | uint32_t(len[3]) << 24;
  std::string h(n, '\0');
  if (!in.read(h.data(), std::streamsize(n))) throw InputError(path + ": truncated .npy header");
  return h;
}

std::string field(const std::string& header, const std::string& key, const std::string& pattern,
                  const std::string& path) {
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'" + key + "'\\s*:\\s*" + pattern)))
    throw InputError(path + ": .npy header has no readable '" + key + "': " + header);
  return m[1].str();
}

}  // namespace

NpyInts readNpyInts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read");
  const std::string h = headerOf(in, path);
  const std::string descr = field(h, "descr", "'([^']*)'", path);
  if (field(h, "fortran_order", "(True|False)", path) == "True")
    throw InputError(path + ": Fortran-order arrays not supported (save C order)");
  NpyInts a;
  std::stringstream dims(field(h, "shape", "\\(([^)]*)\\)", path));
  int64_t count = 1;
  for (std::string d; std::getline(dims, d, ',');)
    if (d.find_first_not_of(" ") != std::string::npos) a.shape.push_back(std::stoll(d)), count *= a.shape.back();
  const char kind = descr.size() == 3 ? descr[1] : '?';
  const int size = descr.size() == 3 ? descr[2] - '0' : 0;
  const bool ok_order = descr[0] == '<' || descr[0] == '|';
  if (!ok_order || !((kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8)) ||
                     (kind == 'u' && (size == 1 || size == 2 || size == 4)) || (kind == 'b' && size == 1)))
    throw InputError(path + ": dtype " + descr + " is not a little-endian integer type (int8..int64, uint8..uint32)");
  std::vector<unsigned char> raw(size_t(count) * size_t(size));
  if (!in.read(reinterpret_cast<char*>(raw.data()), std::streamsize(raw.size())))
    throw InputError(path + ": holds fewer than the " + std::to_string(count) + " elements its shape says");
  a.data.resize(size_t(count));
  for (int64_t i = 0; i < count; ++i) {
    uint64_t u = 0;
    for (int b = 0; b < size; ++b) u |= uint64_t(raw[size_t(i * size + b)]) << (8 * b);
    const int sh = 64 - 8 * size;
    a.data[size_t(i)] = kind == 'i' ? (sh ? static_cast<int64_t>(u << sh) >> sh : int64_t(u)) : int64_t(u);
  }
  return a;
}

void writeNpyInt64(const std::string& path, const std::vector<int64_t>& shape, const std::vector<int64_t>& data) {
  std::string dims;
  for (int64_t d : shape) dims += std::to_string(d) + ",";
  if (shape.size() > 1) dims.pop_back();
  std::string h = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + dims + "), }";
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += char(h.size() & 0xff), out += char(h.size() >> 8);
  out += h;
  for (int64_t v : data)
    for (int b = 0; b < 8; ++b) out += char((static_cast<uint64_t>(v) >> (8 * b)) & 0xff);
  writeFileAtomic(path, out);
}

}  // namespace vpsim
