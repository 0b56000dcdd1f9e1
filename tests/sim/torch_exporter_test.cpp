// scripts/vpsim_torch.py end to end: the PyTorch demo (the zoo's `cnn` trained a few iterations with a
// toy CPT-like bits callback) writes a trace that `vpsim trace info` accepts, whose layers and MACs
// equal the zoo's, and whose bits are the callback's; bad bits raise a Python ValueError.
// Needs Debian's python3-torch for /usr/bin/python3 (scripts/setup.sh --tests installs it).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/common/run_command.h"

namespace vpsim {

using nlohmann::json;
using testing::CommandResult;
using testing::runCommand;
using testing::vpsim;

namespace {

const std::string kPython = "/usr/bin/python3";

std::string scriptsDir() { return std::string(VPSIM_SOURCE_DIR) + "/scripts"; }
std::string tmp(const std::string& name) {
  return ::testing::TempDir() + "torch_exporter_" + std::to_string(::getpid()) + "_" + name;
}

// True (and the test fails with a clear message) when /usr/bin/python3 cannot import torch.
bool torchMissing(const CommandResult& r) {
  if (r.exit_code == 0) return false;
  if (r.exit_code == 127 || r.err.find("No module named 'torch'") != std::string::npos) {
    ADD_FAILURE() << kPython << " cannot import torch: Debian's python3-torch is missing. "
                  << "scripts/setup.sh --tests (run by scripts/test.sh) installs it.\n"
                  << r.err;
    return true;
  }
  return false;
}

json info(const std::string& trace) {
  auto r = runCommand(vpsim() + " trace info " + trace + " --json");
  EXPECT_EQ(r.exit_code, 0) << "the trace does not validate: " << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json::object();
}

std::vector<json> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

}  // namespace

TEST(TorchExporter, DemoTraceMatchesZooCnnAndRecordsTheCallbacksBits) {
  const std::string trace = tmp("demo.jsonl"), zoo = tmp("zoo.jsonl");
  auto demo_run = runCommand(kPython + " " + scriptsDir() + "/vpsim_torch.py --demo " + trace);
  if (torchMissing(demo_run)) return;
  ASSERT_EQ(demo_run.exit_code, 0) << demo_run.err;
  const json demo = json::parse(demo_run.out);  // {"iterations", "batch", "layers", "bits", "loss"}
  auto gen = runCommand(vpsim() +
                        " trace gen --model cnn --dataset fashion-mnist --schedule static:8/8 "
                        "--iterations 1 -o " +
                        zoo);
  ASSERT_EQ(gen.exit_code, 0) << gen.err;

  // 1-2. The trace validates; layers and MACs equal the zoo's `cnn` on fashion-mnist.
  const json t = info(trace), z = info(zoo);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t["layers"], 4);
  EXPECT_EQ(t["macs_per_sample"], z["macs_per_sample"]);
  EXPECT_EQ(t["quantized_macs_per_sample"], z["quantized_macs_per_sample"]);
  EXPECT_EQ(t["macs_per_sample"], 7452416);
  EXPECT_EQ(t["quantized_macs_per_sample"], 7451136);
  EXPECT_EQ(t["model"], "cnn");
  EXPECT_EQ(t["dataset"], "fashion-mnist");
  EXPECT_EQ(t["iterations"], demo["iterations"]);
  EXPECT_EQ(t["batch"], demo["batch"]);
  const auto body = lines(trace);
  const json tl = body.at(0)["layers"], zl = lines(zoo).at(0)["layers"];
  ASSERT_EQ(tl.size(), zl.size());
  for (size_t i = 0; i < zl.size(); ++i) {
    for (const char* key : {"name", "kind", "in_c", "out_c", "in_h", "in_w", "out_h", "out_w", "kernel", "stride",
                            "pad", "groups", "macs_per_sample", "has_bwd_data", "quantized"})
      EXPECT_EQ(tl[i][key], zl[i][key]) << "layer " << i << " " << key;
    EXPECT_EQ(tl[i], zl[i]) << "layer " << i << ": no other keys either";
  }

  // 3. The bits are the callback's (printed by the demo), per iteration and on average.
  const json& bits = demo["bits"];
  const size_t n_layers = zl.size(), iters = bits.size();
  ASSERT_EQ(iters, demo["iterations"].get<size_t>());
  std::vector<json> replay;  // per-iteration rows rebuilt from the run lines
  json current;
  size_t runs = 0, deltas = 0, merged = 0;
  for (size_t i = 1; i < body.size(); ++i) {
    const json& row = body[i];
    if (!row.contains("iters")) {
      EXPECT_TRUE(row.contains("epoch") && row.contains("loss")) << row.dump();
      continue;
    }
    const json previous = current;
    if (row.contains("delta")) {
      ++deltas;
      for (const auto& d : row["delta"]) current[d[0].get<size_t>()] = json::array({d[1], d[2], d[3]});
    } else {
      current = row["bits"];
    }
    if (runs > 0) {  // a new run differs from the previous one; delta exactly when fewer than half change
      size_t changed = 0;
      for (size_t l = 0; l < n_layers; ++l) changed += current[l] != previous[l];
      EXPECT_GT(changed, 0u) << "unmerged identical runs at " << row.dump();
      EXPECT_EQ(row.contains("delta"), 2 * changed < n_layers) << row.dump();
    }
    ++runs;
    const auto start = row["iters"][0].get<size_t>(), end = row["iters"][1].get<size_t>();
    EXPECT_EQ(start, replay.size());
    merged += end - start > 1;
    for (size_t it = start; it < end; ++it) replay.push_back(current);
  }
  ASSERT_EQ(replay.size(), iters);
  for (size_t it = 0; it < iters; ++it) EXPECT_EQ(replay[it], bits[it]) << "iteration " << it;
  EXPECT_GT(deltas, 0u) << "the demo schedule should exercise delta rows";
  EXPECT_GT(merged, 0u) << "the demo schedule should exercise merged runs";

  double expect_bitops = 0;
  for (size_t l = 0; l < n_layers; ++l) {
    double sum[3] = {0, 0, 0};
    for (size_t it = 0; it < iters; ++it) {
      const double w = bits[it][l][0], a = bits[it][l][1], g = bits[it][l][2];
      sum[0] += w, sum[1] += a, sum[2] += g;
      if (tl[l]["quantized"].get<bool>())
        expect_bitops += tl[l]["macs_per_sample"].get<double>() * (w * a + w * g + a * g);
    }
    EXPECT_EQ(t["avg_bits"][l]["layer"], tl[l]["name"]);
    EXPECT_NEAR(t["avg_bits"][l]["w"].get<double>(), sum[0] / iters, 1e-9) << "layer " << l;
    EXPECT_NEAR(t["avg_bits"][l]["a"].get<double>(), sum[1] / iters, 1e-9) << "layer " << l;
    EXPECT_NEAR(t["avg_bits"][l]["g"].get<double>(), sum[2] / iters, 1e-9) << "layer " << l;
  }
  EXPECT_EQ(t["avg_bits"][3]["w"], 32.0) << "the FP32 fc is recorded at 32 bits";
  expect_bitops *= demo["batch"].get<double>();
  EXPECT_NEAR(t["bitops"]["total"].get<double>() / expect_bitops, 1.0, 1e-12);
  std::filesystem::remove(trace);
  std::filesystem::remove(zoo);
}

TEST(TorchExporter, BadBitsRaiseValueErrorAndWriteNothing) {
  const std::string trace = tmp("bad.jsonl");
  // Caught cases print their messages; the last one (33 bits inside `with`) escapes.
  const std::string code =
      "import sys; sys.path.insert(0, \"" + scriptsDir() +
      "\")\n"
      "import torch, vpsim_torch as v\n"
      "m = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.Flatten(), torch.nn.Linear(4 * 26 * 26, 10))\n"
      "def rec(): return v.TraceRecorder(m, torch.zeros(2, 1, 28, 28), \"" +
      trace +
      "\", model_name=\"toy\",\n"
      "    dataset=\"fashion-mnist\", batch=8, iterations=2, iterations_per_epoch=10)\n"
      "for bits in ([(0, 8, 8)], [(8, 8, 8)] * 3, [(8, 8, 8), (8, 8, 8)], (8, 8, 7.5)):\n"
      "    try: rec().step(0, bits); print(\"accepted\", bits)\n"
      "    except ValueError as e: print(e)\n"
      "r = rec(); r.step(0, (8, 8, 8))\n"
      "try: r.close()\n"
      "except ValueError as e: print(e)\n"
      "with rec() as r:\n"
      "    r.step(0, [(8, 8, 8)])\n"
      "    r.step(1, [(33, 8, 8)])\n";
  std::ofstream(tmp("bad.py")) << code;
  auto r = runCommand(kPython + " " + tmp("bad.py"));
  std::filesystem::remove(tmp("bad.py"));
  if (torchMissing(r)) return;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("ValueError: vpsim_torch: iteration 1, layer '0' (w): bits must be integers in 1..32, got 33"),
            std::string::npos)
      << r.err;
  for (const char* msg :
       {"iteration 0, layer '0' (w): bits must be integers in 1..32, got 0",
        "bits has 3 rows; expected 1 (quantized layers ['0']) or 2 (all layers)",
        "layer '2' is not quantized (FP32); its bits must be 32/32/32, got (8, 8, 8)",
        "layer '0' (g): bits must be integers in 1..32, got 7.5", "the runs cover [0, 1) but iterations=2"})
    EXPECT_NE(r.out.find(msg), std::string::npos) << msg << "\n--- stdout:\n" << r.out;
  EXPECT_EQ(r.out.find("accepted"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(trace)) << "a failed recording must not leave a trace";
}

// Post ops come from the torch calls between recorded layers: a residual block's BN, ReLU and add
// (torchvision's `out += identity`), pooling; quantize where the next layer is quantized; `post=`
// overrides what was seen and names unknown ops.
TEST(TorchExporter, PostOpsFollowTheTorchCallsBetweenLayers) {
  const std::string trace = tmp("post.jsonl"), trace2 = tmp("post2.jsonl");
  const std::string code =
      "import sys, json; sys.path.insert(0, \"" + scriptsDir() +
      "\")\n"
      "import torch, torch.nn as nn, torch.nn.functional as F, vpsim_torch as v\n"
      "class Block(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.c1, self.b1 = nn.Conv2d(4, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4)\n"
      "        self.c2, self.b2 = nn.Conv2d(4, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4)\n"
      "        self.fc = nn.Linear(4, 10)\n"
      "    def forward(self, x):\n"
      "        out = F.relu(self.b1(self.c1(x)))\n"
      "        out = self.b2(self.c2(out))\n"
      "        out += x\n"
      "        out = F.relu(out)\n"
      "        return self.fc(F.adaptive_avg_pool2d(out, 1).flatten(1))\n"
      "def rec(path, **kw): return v.TraceRecorder(Block(), torch.zeros(1, 4, 8, 8), path, model_name='toy',\n"
      "    dataset='cifar10', batch=2, iterations=1, iterations_per_epoch=1, **kw)\n"
      "for path, kw in (('" +
      trace + "', {}), ('" + trace2 +
      "', {'post': {'c1': 'relu'}})):\n"
      "    with rec(path, **kw) as r: r.step(0, (8, 8, 8))\n"
      "    print(json.dumps({l['name']: l.get('post', '') for l in r.layers}))\n"
      "try: rec('" +
      tmp("never.jsonl") +
      "', post={'c1': 'softmax'})\n"
      "except ValueError as e: print(e)\n";
  std::ofstream(tmp("post.py")) << code;
  auto r = runCommand(kPython + " " + tmp("post.py"));
  std::filesystem::remove(tmp("post.py"));
  if (torchMissing(r)) return;
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::stringstream out(r.out);
  std::string seen, overridden, error;
  std::getline(out, seen), std::getline(out, overridden), std::getline(out, error);
  EXPECT_EQ(json::parse(seen), json::parse(R"({"c1": "bn,relu,quantize", "c2": "bn,relu,residual,pool", "fc": ""})"));
  EXPECT_EQ(json::parse(overridden)["c1"], "relu,quantize");
  EXPECT_NE(error.find("post= for 'c1' has unknown ops ['softmax']"), std::string::npos) << error;
  // vpsim reads the post ops back: the header's layers carry them.
  const auto header = lines(trace).at(0);
  EXPECT_EQ(header["version"], 2);
  EXPECT_EQ(header["layers"][1]["post"], "bn,relu,residual,pool");
  EXPECT_EQ(info(trace)["layers"], 3);
}

}  // namespace vpsim
