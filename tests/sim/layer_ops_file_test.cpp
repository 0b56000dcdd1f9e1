// Reading `vpsim layer --ops` files: both formats, defaults, and errors naming file and line.
#include "sim/run/layer_ops_file.h"

#include <gtest/gtest.h>

#include "tests/common/input_error_of.h"

namespace vpsim {
namespace {

using testing::inputErrorOf;

TEST(LayerOpsFile, CsvColumnsInAnyOrderPassOptionalBlankLinesSkipped) {
  const auto lines = parseLayerOps("bits, op\n8/8,\"conv:16,256,256,3,1,16\"\n\n4/4/8,\"gemm:16,1024,1024\"\n",
                                   "ops.csv", OpsFormat::Csv);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[0].op, "conv:16,256,256,3,1,16");
  EXPECT_EQ(lines[0].spec.batch, 16);
  EXPECT_EQ(lines[0].pass, "fwd");
  EXPECT_EQ(lines[1].line, 4);
  EXPECT_EQ(lines[1].where, "ops.csv:4");
  EXPECT_EQ(lines[1].parsed_bits, (Bits{4, 4, 8}));
}

TEST(LayerOpsFile, JsonLinesWithAndWithoutPass) {
  const auto lines = parseLayerOps(
      "{\"op\": \"gemm:64,64,64\", \"bits\": \"8/8\"}\n\n{\"op\": \"fc:16,1024,1024\", \"bits\": \"4/4\", \"pass\": "
      "\"bwd_weight\"}\n",
      "ops.jsonl", OpsFormat::Jsonl);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].parsed_pass, Pass::Fwd);
  EXPECT_EQ(lines[1].line, 3);
  EXPECT_EQ(lines[1].parsed_pass, Pass::BwdWeight);
}

TEST(LayerOpsFile, FormatFollowsTheExtension) {
  EXPECT_EQ(opsFormatOf("a/ops.csv"), OpsFormat::Csv);
  EXPECT_EQ(opsFormatOf("ops.jsonl"), OpsFormat::Jsonl);
  EXPECT_EQ(opsFormatOf("ops.json"), OpsFormat::Jsonl);
  EXPECT_EQ(inputErrorOf([] { opsFormatOf("ops.txt"); }),
            "ops.txt: unknown ops file type (expected .csv, .jsonl or .json)");
}

TEST(LayerOpsFile, CsvErrorsNameFileAndLine) {
  auto csv = [](const std::string& text) {
    return inputErrorOf([&] { parseLayerOps(text, "ops.csv", OpsFormat::Csv); });
  };
  EXPECT_EQ(csv("op,bits,pass\n\"gemm:4,4,4\",8/8,fwd\n\"gemm:4,4,4\",8/8,fwdd\n"),
            "ops.csv:3: unknown pass 'fwdd' (expected fwd, bwd_data or bwd_weight)");
  EXPECT_EQ(csv("op,bits,fidelity\n"), "ops.csv:1: unknown column 'fidelity' (expected op, bits, pass)");
  EXPECT_EQ(csv("op,pass\n"), "ops.csv:1: no 'bits' column in the header");
  EXPECT_EQ(csv("op,bits\ngemm:4,4,4,8/8\n"),
            "ops.csv:2: 4 fields, the header has 2 (quote op strings: \"conv:1,64,64,3,1,8\")");
  EXPECT_EQ(csv("op,bits\n\"gemm:4,4,4,8/8\n"), "ops.csv:2: unterminated quote");
  EXPECT_EQ(csv("op,bits\n\"gemm:4,4\",8/8\n").rfind("ops.csv:2: bad op 'gemm:4,4'", 0), 0u);
  EXPECT_EQ(csv("op,bits\n\"gemm:4,4,4\",8/40\n"), "ops.csv:2: bad bits '8/40': widths are 1..32");
  EXPECT_EQ(csv("op,bits\n\"gemm:4,4,4\",\n"), "ops.csv:2: missing bits");
  EXPECT_EQ(csv("\n\n"), "ops.csv: empty file (expected a header naming op, bits, pass)");
  EXPECT_EQ(csv("op,bits\n"), "ops.csv: no layer passes in the file");
}

TEST(LayerOpsFile, JsonErrorsNameFileAndLine) {
  auto jsonl = [](const std::string& text) {
    return inputErrorOf([&] { parseLayerOps(text, "ops.jsonl", OpsFormat::Jsonl); });
  };
  EXPECT_EQ(jsonl("{\"op\": \"gemm:4,4,4\", \"bits\": \"8/8\"}\n{\"op\": \"gemm:4,4,4\""),
            "ops.jsonl:2: not valid JSON");
  EXPECT_EQ(jsonl("[1]\n"), "ops.jsonl:1: expected one JSON object with keys op, bits, pass");
  EXPECT_EQ(jsonl("{\"op\": \"gemm:4,4,4\", \"bits\": \"8/8\", \"fidelity\": \"cycle\"}\n"),
            "ops.jsonl:1: unknown key 'fidelity' (expected op, bits, pass)");
  EXPECT_EQ(jsonl("{\"op\": \"gemm:4,4,4\", \"bits\": 8}\n"), "ops.jsonl:1: 'bits' must be a string, got 8");
  EXPECT_EQ(jsonl("{\"bits\": \"8/8\"}\n"), "ops.jsonl:1: missing op");
  EXPECT_EQ(jsonl(""), "ops.jsonl: no layer passes in the file");
}

}  // namespace
}  // namespace vpsim
