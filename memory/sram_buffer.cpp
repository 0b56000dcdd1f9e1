// SramBuffer: counters and capacity rules; storage is a flat byte array when enabled.
#include "memory/sram_buffer.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "memory/energy_table.h"

namespace vpsim {

SramBuffer::SramBuffer(const BufferConfig& config, bool store_data) : config_(config) {
  if (config.capacity_bytes <= 0 || config.banks < 1 || config.word_bits < 8)
    throw std::invalid_argument("SramBuffer " + config.name + ": invalid configuration");
  if (store_data) data_.assign(size_t(config.capacity_bytes), 0);
}

uint64_t SramBuffer::wordsFor(uint64_t count, int bits) const {
  const uint64_t w = uint64_t(config_.word_bits);
  return (count * uint64_t(bits) + w - 1) / w;
}

uint64_t SramBuffer::wordsForBytes(uint64_t bytes) const {
  const uint64_t w = uint64_t(config_.word_bits);
  return (bytes * 8 + w - 1) / w;
}

bool SramBuffer::fitsTile(uint64_t count, int bits) const {
  return wordsFor(count, bits) * uint64_t(config_.word_bits) <= halfBytes() * 8;
}

uint64_t SramBuffer::maxTileValues(int bits) const { return halfBytes() * 8 / uint64_t(bits); }

uint64_t SramBuffer::access(uint64_t words, bool is_write) {
  const uint64_t bits = words * uint64_t(config_.word_bits);
  (is_write ? stats_.write_bits : stats_.read_bits) += bits;
  (is_write ? stats_.write_words : stats_.read_words) += words;
  const uint64_t cycles = (words + uint64_t(config_.banks) - 1) / uint64_t(config_.banks);
  stats_.cycles += cycles;
  return cycles;
}

uint64_t SramBuffer::accessParallel(const std::vector<uint64_t>& word_addrs, bool is_write) {
  if (word_addrs.empty()) return 0;
  bank_load_.resize(size_t(config_.banks));  // scratch, all zero between calls
  uint64_t worst = 0;
  for (uint64_t w : word_addrs) worst = std::max(worst, ++bank_load_[size_t(w % uint64_t(config_.banks))]);
  for (uint64_t w : word_addrs) bank_load_[size_t(w % uint64_t(config_.banks))] = 0;
  const uint64_t words = word_addrs.size();
  (is_write ? stats_.write_bits : stats_.read_bits) += words * uint64_t(config_.word_bits);
  (is_write ? stats_.write_words : stats_.read_words) += words;
  const uint64_t ideal = (words + uint64_t(config_.banks) - 1) / uint64_t(config_.banks);
  stats_.bank_conflicts += worst - ideal;
  stats_.cycles += worst;
  return worst;
}

void SramBuffer::swap() {
  if (config_.double_buffered) active_half_ ^= 1;
  ++stats_.swaps;
}

void SramBuffer::checkRange(uint64_t offset, uint64_t n) const {
  if (!storesData()) throw std::logic_error("SramBuffer " + config_.name + ": data storage is off");
  if (offset + n > uint64_t(config_.capacity_bytes))
    throw std::out_of_range("SramBuffer " + config_.name + ": access [" + std::to_string(offset) + ", " +
                            std::to_string(offset + n) + ") beyond " + std::to_string(config_.capacity_bytes) + " B");
}

void SramBuffer::storeData(uint64_t offset, const uint8_t* src, uint64_t n) {
  checkRange(offset, n);
  std::memcpy(data_.data() + offset, src, n);
}

void SramBuffer::loadData(uint64_t offset, uint8_t* dst, uint64_t n) const {
  checkRange(offset, n);
  std::memcpy(dst, data_.data() + offset, n);
}

double SramBuffer::energyPj(double read_pj_per_bit, double write_pj_per_bit) const {
  return double(stats_.read_bits) * read_pj_per_bit + double(stats_.write_bits) * write_pj_per_bit;
}

double SramBuffer::energyPj(const EnergyTable& table) const {
  const std::string prefix = "sram_" + config_.name;
  return energyPj(table.get(prefix + "_read_pj_per_bit"), table.get(prefix + "_write_pj_per_bit"));
}

}  // namespace vpsim
