// Training data: Fashion-MNIST (gzipped IDX, as Debian's dataset-fashion-mnist installs it), the
// CIFAR-10/100 binary format, and a synthetic learnable set for quick runs. Images stay uint8 in
// memory; makeBatch normalizes and augments (random crop with zero padding, horizontal flip) with
// counter-based randomness, so a batch depends only on (seed, iteration), never on history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/train/tensor.h"

namespace vpsim {

struct ImageSet {
  int c = 0, h = 0, w = 0, classes = 0;
  std::vector<uint8_t> pixels;  // n x c x h x w
  std::vector<int> labels;
  int size() const { return static_cast<int>(labels.size()); }
  void truncate(int n);  // keep only the first n samples (n <= 0: keep all)
  // "N images, hash H": a 64-bit hash of the labels and pixels (checkpoints: same data on resume).
  std::string fingerprint() const;
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Each throws InputError naming the missing or malformed file.
ImageSet loadFashionMnist(const std::string& dir, bool train);
ImageSet loadCifar(const std::string& dir, int classes, bool train);  // classes: 10 or 100
// Class prototypes (from seed) plus noise (from seed and variant: 0 train, 1 test): learnable in a
// few iterations; same arguments, same set.
ImageSet makeSynthetic(int n, int c, int hw, int classes, uint64_t seed, int variant = 0);

// Writers of the on-disk formats (tests build small files with them).
void writeIdxGz(const std::string& path, const std::vector<int>& dims, const std::vector<uint8_t>& data);
void writeCifarBin(const std::string& path, const ImageSet& set, int classes);

struct Augment {
  int crop_pad = 0;              // random crop of the original size from the image padded by crop_pad
  bool flip = false;             // horizontal flip with probability 1/2
  std::vector<float> mean, std;  // per channel, on [0, 1] pixels
};

// Fills x (n x c x h x w, normalized) and labels with samples `indices` of `set`; augmentation
// only when `train`, drawn from `key`.
void makeBatch(const ImageSet& set, const std::vector<int>& indices, const Augment& aug, bool train, uint64_t key,
               Tensor& x, std::vector<int>& labels);

}  // namespace vpsim
