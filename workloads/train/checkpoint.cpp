// Binary checkpoint reader/writer (see checkpoint.h). Layout: magic, header JSON, then tensors and
// progress as length-prefixed little-endian arrays, in a fixed order.
#include "workloads/train/checkpoint.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "traces/input_error.h"

namespace vpsim {
namespace {

constexpr char kMagic[8] = {'V', 'P', 'S', 'C', 'K', 'P', 'T', '3'};

struct Writer {
  std::ofstream out;
  template <typename T>
  void pod(const T& v) {
    out.write(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <typename T>
  void vec(const T* data, int64_t n) {
    pod(n), out.write(reinterpret_cast<const char*>(data), n * sizeof(T));
  }
  void str(const std::string& s) { vec(s.data(), static_cast<int64_t>(s.size())); }
};

struct Reader {
  std::ifstream in;
  std::string path;
  template <typename T>
  T pod() {
    T v{};
    if (!in.read(reinterpret_cast<char*>(&v), sizeof(T))) fail();
    return v;
  }
  template <typename T>
  void vec(T* data, int64_t n) {
    if (pod<int64_t>() != n) throw InputError("checkpoint " + path + ": tensor size mismatch (another model?)");
    if (!in.read(reinterpret_cast<char*>(data), n * sizeof(T))) fail();
  }
  template <typename T>
  std::vector<T> any() {
    const int64_t n = pod<int64_t>();
    if (n < 0 || n > (int64_t(1) << 34)) fail();
    std::vector<T> v(n);
    if (!in.read(reinterpret_cast<char*>(v.data()), n * sizeof(T))) fail();
    return v;
  }
  std::string str() {
    auto v = any<char>();
    return std::string(v.begin(), v.end());
  }
  [[noreturn]] void fail() { throw InputError("checkpoint " + path + " is truncated or corrupt"); }
};

void putMetrics(Writer& w, const EpochMetrics& m) {
  w.pod(m.epoch), w.pod(m.iterations);
  for (double d : {m.lr, m.train_loss, m.train_acc, m.test_loss, m.test_acc, m.avg_bits, m.avg_grad_bits, m.gbitops})
    w.pod(d);
}

EpochMetrics getMetrics(Reader& r) {
  EpochMetrics m;
  m.epoch = r.pod<int64_t>(), m.iterations = r.pod<int64_t>();
  for (double* d :
       {&m.lr, &m.train_loss, &m.train_acc, &m.test_loss, &m.test_acc, &m.avg_bits, &m.avg_grad_bits, &m.gbitops})
    *d = r.pod<double>();
  return m;
}

std::string settingsText(const Settings& settings) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [k, v] : settings) j.push_back({k, v});
  return j.dump();
}

// The first setting that differs between the checkpoint and this run, as an error.
void checkSettings(const std::string& path, const std::string& stored_text, const Settings& now) {
  Settings stored;
  try {
    for (const auto& kv : nlohmann::json::parse(stored_text)) stored.emplace_back(kv.at(0), kv.at(1));
  } catch (const nlohmann::json::exception&) {
    throw InputError("checkpoint " + path + " is truncated or corrupt");
  }
  auto find = [](const Settings& s, const std::string& key) -> const std::string* {
    for (const auto& kv : s)
      if (kv.first == key) return &kv.second;
    return nullptr;
  };
  auto refuse = [&](const std::string& key, const std::string* was, const std::string* is) {
    throw InputError("checkpoint " + path + " was written with " + key + "=" + (was ? *was : "(unset)") +
                     ", this run has " + key + "=" + (is ? *is : "(unset)") +
                     ": --resume refuses a setting that changes results (keep the checkpoint's value or use "
                     "another --out)");
  };
  for (const auto& [key, value] : now)
    if (const std::string* was = find(stored, key); !was || *was != value) refuse(key, was, &value);
  for (const auto& [key, value] : stored)
    if (!find(now, key)) refuse(key, &value, nullptr);
}

}  // namespace

void saveCheckpoint(const std::string& path, const Settings& settings, const TraceHeader& header, Network& net,
                    Sgd& sgd, const TrainProgress& p) {
  const std::string tmp = path + ".tmp";
  Writer w{std::ofstream(tmp, std::ios::binary)};
  if (!w.out) throw InputError("cannot write checkpoint " + tmp);
  w.out.write(kMagic, sizeof(kMagic));
  w.str(settingsText(settings));
  w.str(headerToJson(header).dump());
  for (auto& prm : net.params()) w.vec(prm.value->data(), prm.value->size());
  for (auto& b : net.buffers()) w.vec(b.data, b.n);
  for (auto& v : sgd.velocity()) w.vec(v.data(), v.size());
  w.pod(p.next_iter);
  w.pod(static_cast<int64_t>(p.runs.size()));
  for (const auto& r : p.runs) {
    w.pod(r.start), w.pod(r.end);
    w.vec(r.bits.data(), static_cast<int64_t>(r.bits.size()));
  }
  w.vec(p.losses.data(), static_cast<int64_t>(p.losses.size()));
  w.vec(p.underflow.data(), static_cast<int64_t>(p.underflow.size()));
  w.pod(static_cast<int64_t>(p.epochs.size()));
  for (const auto& m : p.epochs) putMetrics(w, m);
  for (double d : {p.sum_loss, p.bitops, p.sum_bits, p.sum_gbits}) w.pod(d);
  for (int64_t i : {p.correct, p.seen, p.bit_samples}) w.pod(i);
  w.vec(p.ldp_betas.data(), static_cast<int64_t>(p.ldp_betas.size()));
  w.pod(p.range_test_bmin);
  w.out.close();
  if (!w.out) throw InputError("cannot write checkpoint " + tmp);
  std::filesystem::rename(tmp, path);
}

void loadCheckpoint(const std::string& path, const Settings& settings, const TraceHeader& header, Network& net,
                    Sgd& sgd, TrainProgress& p) {
  Reader r{std::ifstream(path, std::ios::binary), path};
  if (!r.in) throw InputError("cannot open checkpoint " + path);
  char magic[8];
  if (!r.in.read(magic, 8) || std::memcmp(magic, kMagic, 7) != 0) throw InputError(path + " is not a vpsim checkpoint");
  if (magic[7] != kMagic[7])
    throw InputError("checkpoint " + path + " has format " + std::string(1, magic[7]) + ", this vpsim reads " +
                     std::string(1, kMagic[7]) + ": use another --out or remove it");
  checkSettings(path, r.str(), settings);
  if (r.str() != headerToJson(header).dump())
    throw InputError("checkpoint " + path +
                     " belongs to a different run (the layers or the schedule's "
                     "parameters differ): use another --out or remove it");
  for (auto& prm : net.params()) r.vec(prm.value->data(), prm.value->size());
  for (auto& b : net.buffers()) r.vec(b.data, b.n);
  for (auto& v : sgd.velocity()) r.vec(v.data(), v.size());
  p.next_iter = r.pod<int64_t>();
  p.runs.resize(r.pod<int64_t>());
  for (auto& run : p.runs) {
    run.start = r.pod<int64_t>(), run.end = r.pod<int64_t>();
    run.bits = r.any<Bits>();
  }
  p.losses = r.any<double>();
  p.underflow = r.any<double>();
  p.epochs.resize(r.pod<int64_t>());
  for (auto& m : p.epochs) m = getMetrics(r);
  for (double* d : {&p.sum_loss, &p.bitops, &p.sum_bits, &p.sum_gbits}) *d = r.pod<double>();
  for (int64_t* i : {&p.correct, &p.seen, &p.bit_samples}) *i = r.pod<int64_t>();
  p.ldp_betas = r.any<double>();
  p.range_test_bmin = r.pod<int>();
  if (static_cast<int64_t>(p.losses.size()) != p.next_iter) r.fail();
  if (!p.underflow.empty() && static_cast<int64_t>(p.underflow.size()) != p.next_iter) r.fail();
}

}  // namespace vpsim
