// TraceWriter: run-length merging, delta rows, atomic rename on close.
#include "traces/trace_writer.h"

#include <unistd.h>
#include <cstdio>
#include <string>

#include "traces/input_error.h"

namespace vpsim {

using nlohmann::json;

TraceWriter::TraceWriter(const std::string& path, const TraceHeader& header)
    : path_(path), tmp_path_(path + ".partial" + std::to_string(::getpid())), header_(header) {
  // The temporary is unique per process: two writers of one path (or sweeps sharing a trace
  // folder) never write into each other's file; the last rename wins with a whole trace.
  out_.open(tmp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw InputError(path + ": cannot write trace file");
  out_ << headerToJson(header_).dump() << '\n';
}

TraceWriter::~TraceWriter() {
  if (!closed_) {
    out_.close();
    std::remove(tmp_path_.c_str());
  }
}

void TraceWriter::append(int64_t iter, const std::vector<Bits>& bits) { appendRun(iter, iter + 1, bits); }

void TraceWriter::appendRun(int64_t start, int64_t end, const std::vector<Bits>& bits) {
  if (start != next_iter_ || end <= start)
    throw std::logic_error("TraceWriter: iterations must be appended in order without gaps");
  if (bits.size() != header_.layers.size())
    throw std::logic_error("TraceWriter: bits vector size differs from the number of layers");
  if (pending_.length() > 0 && pending_.bits == bits) {
    pending_.end = end;
  } else {
    flushRun();
    pending_ = TraceRun{start, end, bits};
  }
  next_iter_ = end;
}

void TraceWriter::flushRun() {
  if (pending_.length() == 0) return;
  json row{{"iters", {pending_.start, pending_.end}}};
  json delta = json::array();
  if (last_written_.size() == pending_.bits.size())
    for (size_t i = 0; i < pending_.bits.size(); ++i)
      if (pending_.bits[i] != last_written_[i])
        delta.push_back({i, pending_.bits[i].w, pending_.bits[i].a, pending_.bits[i].g});
  // Deltas keep per-layer schedules (LDP) small; a full row is written when most layers changed.
  if (!last_written_.empty() && delta.size() * 2 < pending_.bits.size()) {
    row["delta"] = delta;
  } else {
    json full = json::array();
    for (const auto& b : pending_.bits) full.push_back({b.w, b.a, b.g});
    row["bits"] = full;
  }
  out_ << row.dump() << '\n';
  last_written_ = pending_.bits;
  pending_ = TraceRun{};
}

void TraceWriter::metric(const TraceMetric& m) {
  flushRun();
  json row = m.values;
  row["epoch"] = m.epoch;
  out_ << row.dump() << '\n';
}

void TraceWriter::close() {
  if (closed_) return;
  flushRun();
  if (next_iter_ != header_.iterations)
    throw std::logic_error("TraceWriter: runs cover " + std::to_string(next_iter_) +
                           " iterations but the header says " + std::to_string(header_.iterations));
  out_.close();
  if (!out_ || std::rename(tmp_path_.c_str(), path_.c_str()) != 0)
    throw InputError(path_ + ": cannot write trace file");
  closed_ = true;
}

}  // namespace vpsim
