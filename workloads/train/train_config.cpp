// Reading and checking train configs (see train_config.h).
#include "workloads/train/train_config.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "traces/config_node.h"
#include "traces/yaml_guard.h"

namespace vpsim {
namespace {

// Sets a dotted key in a YAML map, creating intermediate maps.
void applyOverride(YAML::Node root, const std::string& kv) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError("--set '" + kv + "': expected key=value");
  const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception&) {
    parsed = YAML::Node(value);
  }
  if (!parsed.IsDefined() || parsed.IsNull()) parsed = YAML::Node(value);
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  std::vector<YAML::Node> chain = {root};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = chain.back()[parts[i]];
    if (!next.IsDefined() || next.IsNull()) chain.back()[parts[i]] = YAML::Node(YAML::NodeType::Map);
    chain.push_back(chain.back()[parts[i]]);
  }
  chain.back()[parts.back()] = parsed;
}

std::vector<float> floats(const ConfigNode& n) {
  std::vector<float> out;
  for (const auto& item : n.items()) out.push_back(static_cast<float>(item.as<double>()));
  return out;
}

}  // namespace

namespace {

TrainConfig parseTree(const std::string& text, const std::string& name, const std::vector<std::string>& overrides) {
  YAML::Node root = loadYamlChecked(text, name);
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw InputError(name + ": a train config is a YAML map");
  for (const auto& o : overrides) applyOverride(root, o);
  ConfigNode c(root, name);
  c.allowOnly({"model",
               "dataset",
               "data_dir",
               "epochs",
               "iterations",
               "batch",
               "subset",
               "test_subset",
               "synthetic_size",
               "synthetic_hw",
               "synthetic_channels",
               "synthetic_classes",
               "image_size",
               "image_channels",
               "seed",
               "threads",
               "schedule",
               "quantizer",
               "init",
               "lr",
               "momentum",
               "weight_decay",
               "lr_schedule",
               "milestones",
               "gamma",
               "warmup",
               "augment",
               "normalize",
               "progress",
               "stop_after",
               "range_test",
               "lm",
               "grad_clip",
               "optimizer",
               "adam",
               "eval_bits"});
  TrainConfig t;
  t.file = name;
  t.model = c.get<std::string>("model", t.model);
  t.dataset = c.get<std::string>("dataset", t.dataset);
  t.data_dir = c.get<std::string>("data_dir", "");
  t.epochs = c.getInt("epochs", 1, 100000, t.epochs);
  t.iterations = c.getInt("iterations", 0, 100000000, 0);
  t.batch = c.getInt("batch", 1, 65536, t.batch);
  t.subset = c.getInt("subset", 0, 100000000, 0);
  t.test_subset = c.getInt("test_subset", 0, 100000000, 0);
  t.synthetic_size = c.getInt("synthetic_size", 1, 10000000, t.synthetic_size);
  t.synthetic_hw = c.getInt("synthetic_hw", 4, 512, t.synthetic_hw);
  t.synthetic_channels = c.getInt("synthetic_channels", 1, 4, t.synthetic_channels);
  t.synthetic_classes = c.getInt("synthetic_classes", 2, 1000, t.synthetic_classes);
  t.image_size = c.getInt("image_size", 8, 1024, t.image_size);
  t.image_channels = c.getInt("image_channels", 1, 3, t.image_channels);
  if (t.image_channels == 2) c.child("image_channels").fail("expected 1 (grey) or 3 (RGB)");
  t.seed = static_cast<uint64_t>(c.getInt("seed", 0, (1LL << 62), 1));
  t.threads = static_cast<int>(c.getInt("threads", 0, 1024, 0));
  t.schedule = c.get<std::string>("schedule", t.schedule);
  t.quantizer = c.get<std::string>("quantizer", t.quantizer);
  if (t.quantizer != "affine" && t.quantizer != "symmetric" && t.quantizer != "fixed" && t.quantizer != "sbm")
    c.child("quantizer").fail("expected affine, symmetric, fixed or sbm, got '" + t.quantizer + "'");
  t.init = c.get<std::string>("init", t.init);
  if (t.init != "recipe" && t.init != "pytorch")
    c.child("init").fail("expected recipe (N(0, sqrt(2/(k*k*Cout)))) or pytorch (nn.Conv2d's default), got '" + t.init +
                         "'");
  t.lr = c.getDouble("lr", 0.0, 1e30, t.lr);
  t.momentum = c.getDouble("momentum", 0.0, 1.0, t.momentum);
  t.weight_decay = c.getDouble("weight_decay", 0.0, 1.0, t.weight_decay);
  t.gamma = c.getDouble("gamma", 0.0, 1.0, t.gamma);
  t.lr_schedule = c.get<std::string>("lr_schedule", t.lr_schedule);
  if (t.lr_schedule != "step" && t.lr_schedule != "cosine" && t.lr_schedule != "constant")
    c.child("lr_schedule").fail("expected step, cosine or constant, got '" + t.lr_schedule + "'");
  if (auto m = c.optChild("milestones")) {
    t.milestones.clear();
    for (const auto& item : m->items()) {
      const double f = item.as<double>();
      if (f <= 0.0 || f >= 1.0) item.fail("milestones are fractions of the run in (0, 1)");
      t.milestones.push_back(f);
    }
  }
  t.warmup = c.getInt("warmup", 0, 100000000, 0);
  if (auto a = c.optChild("augment")) {
    a->allowOnly({"crop_pad", "flip"});
    t.augment.crop_pad = static_cast<int>(a->getInt("crop_pad", 0, 64, 0));
    t.augment.flip = a->get<bool>("flip", false);
  }
  if (auto n = c.optChild("normalize")) {
    n->allowOnly({"mean", "std"});
    t.augment.mean = floats(n->child("mean"));
    t.augment.std = floats(n->child("std"));
    if (t.augment.mean.size() != t.augment.std.size()) n->fail("mean and std need one value per channel each");
    for (float s : t.augment.std)
      if (s <= 0.0f) n->child("std").fail("std must be > 0");
  }
  t.progress = c.get<std::string>("progress", t.progress);
  if (t.progress != "auto" && t.progress != "on" && t.progress != "off")
    c.child("progress").fail("expected auto, on or off");
  t.stop_after = c.getInt("stop_after", 0, 100000000, 0);
  if (auto r = c.optChild("range_test")) {
    r->allowOnly({"from", "to", "iterations", "threshold"});
    t.range_test.enabled = true;
    t.range_test.from = static_cast<int>(r->getInt("from", 1, 16, 2));
    t.range_test.to = static_cast<int>(r->getInt("to", 1, 16, 8));
    t.range_test.iterations = r->getInt("iterations", 1, 1000000, 50);
    t.range_test.threshold = r->getDouble("threshold", 0.0, 1.0, 0.01);
    if (t.range_test.from >= t.range_test.to) r->fail("from must be below to");
  }
  if (auto m = c.optChild("lm")) {
    m->allowOnly({"steps", "width", "layers", "heads", "mlp", "dropout", "vocab"});
    t.lm.steps = m->getInt("steps", 1, 1 << 20, 0);
    t.lm.width = m->getInt("width", 1, 1 << 16, 0);
    t.lm.layers = m->getInt("layers", 1, 1024, 0);
    t.lm.heads = m->getInt("heads", 1, 1024, 0);
    t.lm.mlp = m->getInt("mlp", 1, 1 << 18, 0);
    t.lm.dropout = m->getDouble("dropout", 0.0, 0.95, 0.0);
    t.lm.vocab = m->getInt("vocab", 2, 1 << 24, 0);
  }
  t.lm.batch = t.batch;
  t.grad_clip = c.getDouble("grad_clip", 0.0, 1e30, 0.0);
  t.eval_bits = static_cast<int>(c.getInt("eval_bits", 0, 32, 0));
  if (t.eval_bits == 1) c.child("eval_bits").fail("expected 0 (the training bits) or 2..32");
  const std::string opt = c.get<std::string>("optimizer", "sgd");
  if (opt != "sgd" && opt != "adam") c.child("optimizer").fail("expected sgd or adam, got '" + opt + "'");
  t.adam.enabled = opt == "adam";
  if (auto a = c.optChild("adam")) {
    a->allowOnly({"beta1", "beta2", "eps"});
    t.adam.beta1 = a->getDouble("beta1", 0.0, 0.999999, t.adam.beta1);
    t.adam.beta2 = a->getDouble("beta2", 0.0, 0.999999, t.adam.beta2);
    t.adam.eps = a->getDouble("eps", 1e-30, 1.0, t.adam.eps);
  }
  return t;
}

}  // namespace

// A value that comes from --set has no line in the file: the error names the --set argument. The
// file alone is checked first (its errors keep file:line), then the overrides one at a time, and the
// first one after which the config fails is the one named.
TrainConfig parseTrainConfig(const std::string& text, const std::string& name,
                             const std::vector<std::string>& overrides) {
  try {
    return parseTree(text, name, overrides);
  } catch (const InputError& full) {
    if (overrides.empty()) throw;
    try {
      parseTree(text, name, {});
    } catch (const InputError&) {
      throw full;  // the file is wrong by itself
    }
    for (size_t i = 0; i < overrides.size(); ++i) {
      try {
        parseTree(text, name, std::vector<std::string>(overrides.begin(), overrides.begin() + long(i) + 1));
      } catch (const InputError& e) {
        std::string reason = e.what();
        if (reason.rfind(name + ":", 0) == 0) {  // drop "file:line: " (the key path stays)
          const size_t sep = reason.find(": ", name.size());
          if (sep != std::string::npos) reason = reason.substr(sep + 2);
        }
        if (reason.rfind("--set ", 0) == 0) throw;
        throw InputError("--set " + overrides[i] + ": " + reason);
      }
    }
    throw;
  }
}

namespace {
// The shortest text that reads back as the same double.
std::string num(double v) {
  char b[40];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(b, sizeof(b), "%.*g", digits, v);
    if (std::strtod(b, nullptr) == v) break;
  }
  return b;
}
template <typename T>
std::string list(const std::vector<T>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + num(static_cast<double>(v[i]));
  return out + "]";
}
}  // namespace

Settings resultSettings(const TrainConfig& c) {
  const RangeTestConfig& r = c.range_test;
  return {
      {"model", c.model},
      {"dataset", c.dataset},
      {"epochs", std::to_string(c.epochs)},
      {"iterations", std::to_string(c.iterations)},
      {"batch", std::to_string(c.batch)},
      {"subset", std::to_string(c.subset)},
      {"test_subset", std::to_string(c.test_subset)},
      {"synthetic_size", std::to_string(c.synthetic_size)},
      {"synthetic_hw", std::to_string(c.synthetic_hw)},
      {"synthetic_channels", std::to_string(c.synthetic_channels)},
      {"synthetic_classes", std::to_string(c.synthetic_classes)},
      {"image_size", std::to_string(c.image_size)},
      {"image_channels", std::to_string(c.image_channels)},
      {"seed", std::to_string(c.seed)},
      {"schedule", c.schedule},
      {"quantizer", c.quantizer},
      {"init", c.init},
      {"lr", num(c.lr)},
      {"momentum", num(c.momentum)},
      {"weight_decay", num(c.weight_decay)},
      {"lr_schedule", c.lr_schedule},
      {"milestones", list(c.milestones)},
      {"gamma", num(c.gamma)},
      {"warmup", std::to_string(c.warmup)},
      {"augment.crop_pad", std::to_string(c.augment.crop_pad)},
      {"augment.flip", c.augment.flip ? "true" : "false"},
      {"normalize.mean", list(c.augment.mean)},
      {"normalize.std", list(c.augment.std)},
      {"range_test", r.enabled ? "from=" + std::to_string(r.from) + ",to=" + std::to_string(r.to) +
                                     ",iterations=" + std::to_string(r.iterations) + ",threshold=" + num(r.threshold)
                               : "off"},
      {"grad_clip", num(c.grad_clip)},
      {"eval_bits", std::to_string(c.eval_bits)},
      {"lm.steps", std::to_string(c.lm.steps)},
      {"lm.width", std::to_string(c.lm.width)},
      {"lm.layers", std::to_string(c.lm.layers)},
      {"lm.heads", std::to_string(c.lm.heads)},
      {"lm.mlp", std::to_string(c.lm.mlp)},
      {"lm.dropout", num(c.lm.dropout)},
      {"lm.vocab", std::to_string(c.lm.vocab)},
      {"optimizer", c.adam.enabled
                        ? "adam,beta1=" + num(c.adam.beta1) + ",beta2=" + num(c.adam.beta2) + ",eps=" + num(c.adam.eps)
                        : "sgd"}};
}

TrainConfig loadTrainConfig(const std::string& path, const std::vector<std::string>& overrides) {
  return parseTrainConfig(readInputFile(path), path, overrides);
}

}  // namespace vpsim
