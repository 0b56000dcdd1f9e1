// Result identity: what a simulated number belongs to. A pass result's identity is the SHA-256 of a
// canonical serialization (JSON, keys sorted, shortest round-trip numbers) of the model version,
// the fully resolved hardware configuration (HwConfig::identityJson: every parameter the models
// read, defaults applied), the fidelity, the pass with its GEMM shape and the operand widths. The
// memo cache and sweep databases key on these digests; nothing else hashes results.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "traces/layer_op.h"

namespace vpsim {

// SHA-256, lowercase hex (64 characters).
std::string sha256Hex(std::string_view data);
// SHA-256 of a file's bytes; InputError if it cannot be read.
std::string sha256File(const std::string& path);
// SHA-256 of j.dump() (nlohmann's objects are key-sorted: the text is canonical).
std::string identityDigest(const nlohmann::json& j);

// The identity of one pass result (what the memo cache keys on). `hw_hash` = HwConfig::hash().
nlohmann::json passIdentity(const std::string& hw_hash, const std::string& fidelity, const GemmPass& g, int b0, int b1);
std::string passKey(const std::string& hw_hash, const std::string& fidelity, const GemmPass& g, int b0, int b1);

}  // namespace vpsim
