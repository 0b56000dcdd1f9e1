// Fuzz target: the ISA assembler (isa/assembler.h) and decoder (isa/encoding.h). An accepted text
// must round-trip: assemble(disassemble(p)) == p, and decode(encode(p)) == p when p encodes; the
// input read as 32-bit words must decode or be refused with an InputError, and a decoded program
// must re-encode to the same words.
#include "isa/assembler.h"
#include "isa/encoding.h"
#include "tests/fuzz/fuzz_util.h"

namespace {
[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string text = fuzz::text(data, size);
  fuzz::expectResultOrInputError([&] {
    const Program p = assemble(text);
    const std::string dis = disassemble(p);
    if (!(assemble(dis) == p)) finding("assemble(disassemble(p)) != p", dis);
    std::vector<uint32_t> words;
    try {
      words = encode(p);
    } catch (const InputError&) {
      return;
    }
    if (!(decode(words) == p)) finding("decode(encode(p)) != p", dis);
  });
  fuzz::expectResultOrInputError([&] {
    std::vector<uint32_t> words(size / 4);
    if (!words.empty()) std::memcpy(words.data(), data, words.size() * 4);
    const Program p = decode(words);
    if (encode(p) != words) finding("encode(decode(w)) != w", disassemble(p));
  });
  return 0;
}
