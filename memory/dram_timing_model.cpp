// DramTimingModel: routes each request to its channel and ticks all channels once per clock.
#include "memory/dram_timing_model.h"

#include <algorithm>
#include <stdexcept>

#include "traces/input_error.h"

namespace vpsim {

DramTimingModel::DramTimingModel(const DramTimingConfig& config, Callback on_complete)
    : config_(config), mapper_(config.preset, config.channels, config.mapping), callback_(std::move(on_complete)) {
  if (config.queue_depth < 1) throw InputError("DRAM queue_depth must be at least 1");
  if (config.row_hit_cap < 0) throw InputError("DRAM row_hit_cap must be 0 (no cap) or more");
  if (config.preset.banks() > 64) throw InputError("DRAM model supports at most 64 banks per channel");
  if (config.write_queue_depth < 0) throw InputError("DRAM write_queue_depth must be 0 (shared queue) or more");
  if (!(config.write_low_watermark >= 0 && config.write_low_watermark <= config.write_high_watermark &&
        config.write_high_watermark <= 1))
    throw InputError("DRAM write watermarks must satisfy 0 <= low <= high <= 1");
  DramChannel::Config c;
  c.queue_depth = config.queue_depth;
  c.write_queue_depth = config.write_queue_depth;
  c.write_high = config.write_high_watermark;
  c.write_low = config.write_low_watermark;
  c.refresh = config.refresh;
  c.row_hit_cap = config.row_hit_cap;
  for (int ch = 0; ch < config.channels; ++ch)
    channels_.push_back(std::make_unique<DramChannel>(config.preset, c, &callback_));
}

void DramTimingModel::setCommandObserver(const CommandObserver& obs) {
  for (size_t i = 0; i < channels_.size(); ++i) {
    if (!obs) {
      channels_[i]->setObserver({});
      continue;
    }
    const int ch = int(i);
    channels_[i]->setObserver([obs, ch](DramCommand c, int b, int64_t r, int64_t t) { obs(ch, c, b, r, t); });
  }
}

bool DramTimingModel::WillAcceptTransaction(uint64_t addr, bool is_write) const {
  return !channels_[size_t(mapper_.channelOf(addr))]->full(is_write);
}

bool DramTimingModel::AddTransaction(uint64_t addr, bool is_write) {
  DramChannel& ch = *channels_[size_t(mapper_.channelOf(addr))];
  if (ch.full(is_write)) return false;  // callers retry every tick: check before the full decode
  ch.enqueue(addr, mapper_.decode(addr), is_write, clock_);
  return true;
}

void DramTimingModel::ClockTick() {
  for (auto& ch : channels_) ch->tick(clock_);
  ++clock_;
}

void DramTimingModel::tickToNextEvent(int64_t limit) {
  int64_t next = limit;
  for (const auto& ch : channels_) next = std::min(next, ch->nextEvent());
  // The skipped ticks would have been no-ops. Nothing pending at all (next == limit == max):
  // just tick once.
  if (next > clock_ && next != std::numeric_limits<int64_t>::max()) clock_ = next;
  ClockTick();
}

void DramTimingModel::advanceTo(int64_t cycle) {
  while (clock_ < cycle) tickToNextEvent(cycle - 1);
}

int64_t DramTimingModel::lastCompletion() const {
  int64_t last = 0;
  for (const auto& ch : channels_) last = std::max(last, ch->lastCompletion());
  return last;
}

uint64_t DramTimingModel::completed() const {
  uint64_t n = 0;
  for (const auto& ch : channels_) n += ch->completedRequests();
  return n;
}

bool DramTimingModel::idle() const {
  for (const auto& ch : channels_)
    if (!ch->idle()) return false;
  return true;
}

void DramTimingModel::copyStateFrom(const DramTimingModel& other) {
  if (other.channels_.size() != channels_.size())
    throw std::logic_error("DramTimingModel::copyStateFrom: other config");
  clock_ = other.clock_;
  for (size_t i = 0; i < channels_.size(); ++i) {
    *channels_[i] = *other.channels_[i];  // copy assignment reuses this channel's storage
    channels_[i]->setCallback(&callback_);
    channels_[i]->setObserver({});
  }
}

int64_t DramTimingModel::drain() {
  while (!idle()) tickToNextEvent();
  return clock_;
}

DramStats DramTimingModel::stats() {
  DramStats s;
  for (auto& ch : channels_) s += ch->stats(clock_);
  return s;
}

double DramTimingModel::peakBytesPerCycle() const {
  return double(config_.channels) * config_.preset.dataBuses() * config_.preset.org.bus_bits / 8.0 * 2.0;
}

}  // namespace vpsim
