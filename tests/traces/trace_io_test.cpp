// Trace round trip, delta rows, atomic writing and every rejection path of the reader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "traces/input_error.h"
#include "traces/trace_reader.h"
#include "traces/trace_writer.h"

namespace vpsim {

namespace {

TraceHeader smallHeader(int64_t iters) {
  TraceHeader h;
  h.model = "toy";
  h.dataset = "cifar10";
  h.batch = 4;
  h.iterations = iters;
  h.iterations_per_epoch = 3;
  h.schedule = "static:8/8";
  h.producer = "test";
  for (int i = 0; i < 4; ++i)
    h.layers.push_back(LayerOp{"c" + std::to_string(i), LayerKind::Conv, 8, 8, 4, 4, 4, 4, 3, 1, 1, 1});
  h.layers[0].has_bwd_data = false;
  return h;
}

std::string tmpPath(const std::string& name) { return ::testing::TempDir() + name; }

std::string errorOf(const std::string& path) {
  try {
    TraceHeader h;
    std::vector<TraceRun> runs;
    TraceReader::readAll(path, h, runs);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Writes a header line for smallHeader(iters) and then the given lines.
std::string writeRaw(const std::string& name, int64_t iters, const std::vector<std::string>& lines) {
  const std::string p = tmpPath(name);
  std::ofstream out(p);
  out << headerToJson(smallHeader(iters)).dump() << '\n';
  for (const auto& l : lines) out << l << '\n';
  return p;
}

}  // namespace

TEST(TraceIo, RoundTripWithRunsDeltasAndMetrics) {
  const std::string p = tmpPath("rt.trace.jsonl");
  std::vector<std::vector<Bits>> per_iter;
  {
    TraceWriter w(p, smallHeader(10));
    for (int t = 0; t < 10; ++t) {
      std::vector<Bits> b(4, Bits{8, 8, 8});
      if (t >= 4) b[2] = Bits{4, 5, 6};                     // one layer changes: a delta row
      if (t >= 7) b = std::vector<Bits>(4, Bits{3, 3, 8});  // all change: a full row
      per_iter.push_back(b);
      w.append(t, b);
    }
    w.metric(TraceMetric{2, {{"loss", 1.5}}});
    w.close();
  }
  TraceHeader h;
  std::vector<TraceRun> runs;
  std::vector<TraceMetric> metrics;
  TraceReader::readAll(p, h, runs, &metrics);
  EXPECT_EQ(h.layers, smallHeader(10).layers);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].start, 4);
  EXPECT_EQ(runs[1].end, 7);
  for (const auto& r : runs)
    for (int64_t t = r.start; t < r.end; ++t) EXPECT_EQ(r.bits, per_iter[t]);
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0].values["loss"], 1.5);
  std::ifstream in(p);
  std::string line;
  std::getline(in, line), std::getline(in, line), std::getline(in, line);
  EXPECT_NE(line.find("\"delta\""), std::string::npos);
}

TEST(TraceIo, UnclosedWriterLeavesNoFile) {
  const std::string p = tmpPath("unclosed.trace.jsonl");
  std::filesystem::remove(p);
  {
    TraceWriter w(p, smallHeader(10));
    w.append(0, std::vector<Bits>(4));
    EXPECT_TRUE(std::filesystem::exists(p + ".partial" + std::to_string(::getpid()))) << "temporary unique per process";
  }
  EXPECT_FALSE(std::filesystem::exists(p));
  EXPECT_FALSE(std::filesystem::exists(p + ".partial" + std::to_string(::getpid())));
}

TEST(TraceIo, RejectsBadInputNamingTheLine) {
  const std::string ok = R"({"iters":[0,2],"bits":[[8,8,8],[8,8,8],[8,8,8],[8,8,8]]})";
  struct Case {
    std::vector<std::string> lines;
    int64_t iters;
    std::string expect;
  };
  const Case cases[] = {
      {{ok}, 3, ":2: trace ends at iteration 2 but the header says 3"},
      {{ok, R"({"iters":[2,3],"bits":[[8,8,8],[8,8,8],[8,8,8]]})"}, 3, ":3: bits row has 3 layers, header has 4"},
      {{ok, R"({"iters":[2,3],"bits":[[8,8,8],[8,8,8],[8,8,8],[8,33,8]]})"},
       3,
       ":3: bits must be integers in 1..32, got 33"},
      {{ok, R"({"iters":[2,3],"bits":[[8,8,8],[8,8,8],[8,8,8],[0,8,8]]})"},
       3,
       ":3: bits must be integers in 1..32, got 0"},
      {{ok, R"({"iters":[1,3],"bits":[[8,8,8],[8,8,8],[8,8,8],[8,8,8]]})"}, 3, ":3: iteration range overlaps"},
      {{ok, R"({"iters":[3,4],"bits":[[8,8,8],[8,8,8],[8,8,8],[8,8,8]]})"}, 4, ":3: missing iterations 2..2"},
      {{R"({"iters":[0,2],"bits":[[8,8,8],[8,8)"}, 2, ":2: not a valid JSON object (truncated line?)"},
      {{R"({"iters":[0,2],"delta":[[0,4,4,4]]})"}, 2, ":2: a 'delta' row cannot be the first run"},
      {{ok, R"({"iters":[2,3],"delta":[[9,4,4,4]]})"}, 3, ":3: delta entry must be"},
      {{ok, R"({"iters":[2,9],"bits":[[8,8,8],[8,8,8],[8,8,8],[8,8,8]]})"},
       3,
       ":3: run ends past the header's 3 iterations"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const std::string p = writeRaw("bad" + std::to_string(i++) + ".jsonl", c.iters, c.lines);
    const std::string err = errorOf(p);
    EXPECT_NE(err.find(p + c.expect), std::string::npos) << "got: " << err;
  }
}

TEST(TraceIo, RejectsBadHeaders) {
  const std::string p = tmpPath("badheader.jsonl");
  auto header = headerToJson(smallHeader(2));
  auto write = [&](const nlohmann::json& h) { std::ofstream(p) << h.dump() << "\n"; };
  header["version"] = 99;
  write(header);
  EXPECT_NE(errorOf(p).find(":1: unsupported trace version 99"), std::string::npos);
  header = headerToJson(smallHeader(2));
  header["layers"][1]["macs_per_sample"] = 5;
  write(header);
  EXPECT_NE(errorOf(p).find("layer 'c1': macs_per_sample 5 does not match"), std::string::npos);
  header = headerToJson(smallHeader(2));
  header["format"] = "other";
  write(header);
  EXPECT_NE(errorOf(p).find("not a vpsim trace"), std::string::npos);
  std::ofstream(p) << "";
  EXPECT_NE(errorOf(p).find("empty file"), std::string::npos);
  EXPECT_NE(errorOf(tmpPath("does-not-exist.jsonl")).find("cannot open trace file"), std::string::npos);
}

}  // namespace vpsim
