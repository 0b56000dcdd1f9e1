// The input of `vpsim layer --ops FILE`: many layer passes, one per line, so a validation or
// benchmark suite runs them all in one process and one SystemC elaboration.
//   CSV  (.csv):          a header naming the columns op, bits and optionally pass (any order), then
//                         one row per layer pass; op strings hold commas, so they are quoted (RFC 4180):
//                           op,bits,pass
//                           "conv:16,256,256,3,1,16",8/8,fwd
//   JSON Lines (.jsonl, .json): one object per line with string keys op, bits and optionally pass.
// op and bits use the --op and --bits syntax (isa/op_spec.h); pass defaults to fwd. Blank lines are
// skipped. Every line is checked before anything runs: unknown columns or keys, missing fields and
// bad values are InputErrors naming the file and line ("ops.csv:7: unknown pass 'fwdd' ...").
#pragma once

#include <string>
#include <vector>

#include "isa/op_spec.h"
#include "traces/layer_op.h"

namespace vpsim {

enum class OpsFormat { Csv, Jsonl };
OpsFormat opsFormatOf(const std::string& path);  // by extension; InputError for any other
const char* opsFormatName(OpsFormat f);          // "csv", "jsonl"
OpsFormat parseOpsFormat(const std::string& s);  // "csv" | "jsonl"; InputError otherwise

struct LayerOpsLine {
  int line = 0;                // 1-based line of the file, for messages and output
  std::string op, bits, pass;  // as written; pass "fwd" when absent
  OpSpec spec;
  Bits parsed_bits;
  Pass parsed_pass = Pass::Fwd;
  std::string where;  // "FILE:LINE", the prefix of this line's messages
};

// Reads and checks the whole file; InputError (FILE:LINE: reason) on the first bad line, and when
// the file cannot be read or holds no layer passes.
std::vector<LayerOpsLine> readLayerOps(const std::string& path);

// The same from text, `name` standing for the file in messages (tests, stdin-like callers).
std::vector<LayerOpsLine> parseLayerOps(const std::string& text, const std::string& name, OpsFormat format);

}  // namespace vpsim
