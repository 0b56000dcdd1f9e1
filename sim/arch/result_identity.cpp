// SHA-256 (OpenSSL EVP) and the canonical identity of a pass result.
#include "sim/arch/result_identity.h"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "sim/arch/model_version.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("SHA-256 init failed");
  }
  void update(const void* data, size_t n) {
    if (EVP_DigestUpdate(ctx_.get(), data, n) != 1) throw std::runtime_error("SHA-256 update failed");
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md, &len) != 1) throw std::runtime_error("SHA-256 final failed");
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) out += digits[md[i] >> 4], out += digits[md[i] & 15];
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

}  // namespace

std::string sha256Hex(std::string_view data) {
  Sha256 h;
  h.update(data.data(), data.size());
  return h.hex();
}

std::string sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read");
  Sha256 h;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) h.update(buf, size_t(in.gcount()));
  return h.hex();
}

std::string identityDigest(const nlohmann::json& j) { return sha256Hex(j.dump()); }

// A new GemmPass field may change results: it must join the identity below (then update the size).
static_assert(sizeof(GemmPass) == 136,  // pass, m, n, k, groups, op0, op1, conv, post, out_elements
              "GemmPass changed: add its new fields to passIdentity()");

nlohmann::json passIdentity(const std::string& hw_hash, const std::string& fidelity, const GemmPass& g, int b0,
                            int b1) {
  return {{"model_version", kModelVersion},
          {"hardware", hw_hash},
          {"fidelity", fidelity},
          {"pass", passName(g.pass)},
          {"gemm",
           {{"m", g.m},
            {"n", g.n},
            {"k", g.k},
            {"groups", g.groups},
            {"op0", std::string(1, g.op0)},
            {"op1", std::string(1, g.op1)}}},
          {"conv",
           {g.conv.batch, g.conv.in_c, g.conv.in_h, g.conv.in_w, g.conv.out_h, g.conv.out_w, g.conv.kernel,
            g.conv.stride, g.conv.pad}},
          {"post", postOpsName(postOpsAtWidths(g.post, b0, b1))},  // what the pass runs (as simulate)
          {"out_elements", g.out_elements},
          {"bits", {b0, b1}}};
}

std::string passKey(const std::string& hw_hash, const std::string& fidelity, const GemmPass& g, int b0, int b1) {
  return identityDigest(passIdentity(hw_hash, fidelity, g, b0, b1));
}

}  // namespace vpsim
