// Dataset readers and batching (see dataset.h).
#include "workloads/train/dataset.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "traces/input_error.h"
#include "workloads/train/parallel.h"

namespace vpsim {

void ImageSet::truncate(int n) {
  if (n <= 0 || n >= size()) return;
  labels.resize(n);
  pixels.resize(static_cast<size_t>(n) * c * h * w);
}

std::string ImageSet::fingerprint() const {
  uint64_t hash =
      mix64(static_cast<uint64_t>(size()) ^ (uint64_t(c) << 16) ^ (uint64_t(h) << 32) ^ (uint64_t(w) << 48));
  for (int l : labels) hash = mix64(hash ^ static_cast<uint64_t>(l));
  size_t i = 0;
  for (; i + 8 <= pixels.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, pixels.data() + i, 8);
    hash = mix64(hash ^ word);
  }
  for (; i < pixels.size(); ++i) hash = mix64(hash ^ pixels[i]);
  char b[64];
  std::snprintf(b, sizeof(b), "%d images, hash %016llx", size(), static_cast<unsigned long long>(hash));
  return b;
}

namespace {

std::vector<uint8_t> readGz(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw InputError("cannot open dataset file " + path);
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof(buf))) > 0) out.insert(out.end(), buf, buf + got);
  const bool bad = got < 0;
  gzclose(f);
  if (bad) throw InputError("corrupt gzip data in " + path);
  return out;
}

uint32_t be32(const std::vector<uint8_t>& b, size_t off) {
  return (uint32_t(b[off]) << 24) | (uint32_t(b[off + 1]) << 16) | (uint32_t(b[off + 2]) << 8) | b[off + 3];
}

// IDX: magic 0x0000 08 <ndims>, big-endian dims, then unsigned bytes.
std::vector<uint8_t> readIdx(const std::string& path, std::vector<int>& dims) {
  std::vector<uint8_t> b = readGz(path);
  if (b.size() < 4 || b[0] != 0 || b[1] != 0 || b[2] != 0x08)
    throw InputError(path + ": not an unsigned-byte IDX file");
  const int nd = b[3];
  size_t off = 4, count = 1;
  if (b.size() < off + 4 * nd) throw InputError(path + ": truncated IDX header");
  dims.clear();
  for (int i = 0; i < nd; ++i, off += 4) dims.push_back(static_cast<int>(be32(b, off))), count *= dims.back();
  if (b.size() != off + count)
    throw InputError(path + ": IDX payload has " + std::to_string(b.size() - off) + " bytes, dims say " +
                     std::to_string(count));
  return std::vector<uint8_t>(b.begin() + static_cast<long>(off), b.end());
}

}  // namespace

ImageSet loadFashionMnist(const std::string& dir, bool train) {
  const std::string prefix = dir + "/" + (train ? "train" : "t10k");
  for (const char* part : {"-images-idx3-ubyte.gz", "-labels-idx1-ubyte.gz"})
    if (!std::ifstream(prefix + part))
      throw InputError(
          "cannot open dataset file " + prefix + part +
          " (install Debian's dataset-fashion-mnist, or set data_dir to a folder with the gzipped IDX files)");
  std::vector<int> di, dl;
  ImageSet s;
  s.pixels = readIdx(prefix + "-images-idx3-ubyte.gz", di);
  std::vector<uint8_t> labels = readIdx(prefix + "-labels-idx1-ubyte.gz", dl);
  if (di.size() != 3 || dl.size() != 1 || di[0] != dl[0])
    throw InputError(prefix + "-*: image and label files do not match");
  s.c = 1, s.h = di[1], s.w = di[2], s.classes = 10;
  for (uint8_t l : labels) {
    if (l >= 10) throw InputError(prefix + "-labels-idx1-ubyte.gz: label " + std::to_string(l) + " out of range");
    s.labels.push_back(l);
  }
  return s;
}

// CIFAR-10: data_batch_{1..5}.bin / test_batch.bin, records <label><3072 pixels>.
// CIFAR-100: train.bin / test.bin, records <coarse><fine><3072 pixels>; the fine label is used.
ImageSet loadCifar(const std::string& dir, int classes, bool train) {
  std::vector<std::string> files;
  if (classes == 10) {
    if (train)
      for (int i = 1; i <= 5; ++i) files.push_back(dir + "/data_batch_" + std::to_string(i) + ".bin");
    else
      files.push_back(dir + "/test_batch.bin");
  } else {
    files.push_back(dir + (train ? "/train.bin" : "/test.bin"));
  }
  const int label_bytes = classes == 10 ? 1 : 2, image_bytes = 3 * 32 * 32, rec = label_bytes + image_bytes;
  ImageSet s;
  s.c = 3, s.h = s.w = 32, s.classes = classes;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw InputError("cannot open dataset file " + f + " (set data_dir to your CIFAR binary folder)");
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.empty() || b.size() % rec != 0)
      throw InputError(f + ": size " + std::to_string(b.size()) + " is not a multiple of the record size " +
                       std::to_string(rec));
    for (size_t off = 0; off < b.size(); off += rec) {
      const int label = b[off + label_bytes - 1];
      if (label >= classes) throw InputError(f + ": label " + std::to_string(label) + " out of range");
      s.labels.push_back(label);
      s.pixels.insert(s.pixels.end(), b.begin() + static_cast<long>(off + label_bytes),
                      b.begin() + static_cast<long>(off + rec));
    }
  }
  return s;
}

ImageSet makeSynthetic(int n, int c, int hw, int classes, uint64_t seed, int variant) {
  ImageSet s;
  s.c = c, s.h = s.w = hw, s.classes = classes;
  const size_t per = static_cast<size_t>(c) * hw * hw;
  std::vector<float> proto(per * classes);
  Rng rng(streamKey(seed, 0x5e7));
  for (float& p : proto) p = static_cast<float>(rng.uniform());
  rng = Rng(streamKey(seed, 0x5e8, static_cast<uint64_t>(variant)));  // the samples: train and test differ
  s.pixels.resize(per * n);
  for (int i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng.below(classes));
    s.labels.push_back(label);
    for (size_t j = 0; j < per; ++j) {
      const double v = 0.6 * proto[label * per + j] + 0.4 * rng.uniform();
      s.pixels[i * per + j] = static_cast<uint8_t>(v * 255.0);
    }
  }
  return s;
}

void writeIdxGz(const std::string& path, const std::vector<int>& dims, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> b = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (int d : dims)
    for (int k = 3; k >= 0; --k) b.push_back(static_cast<uint8_t>((static_cast<uint32_t>(d) >> (8 * k)) & 0xff));
  b.insert(b.end(), data.begin(), data.end());
  gzFile f = gzopen(path.c_str(), "wb");
  if (!f) throw InputError("cannot write " + path);
  gzwrite(f, b.data(), static_cast<unsigned>(b.size()));
  gzclose(f);
}

void writeCifarBin(const std::string& path, const ImageSet& set, int classes) {
  std::ofstream out(path, std::ios::binary);
  const size_t per = static_cast<size_t>(set.c) * set.h * set.w;
  for (int i = 0; i < set.size(); ++i) {
    if (classes == 100) out.put(static_cast<char>(set.labels[i] / 5));  // coarse label: unused
    out.put(static_cast<char>(set.labels[i]));
    out.write(reinterpret_cast<const char*>(set.pixels.data() + i * per), static_cast<long>(per));
  }
}

void makeBatch(const ImageSet& set, const std::vector<int>& indices, const Augment& aug, bool train, uint64_t key,
               Tensor& x, std::vector<int>& labels) {
  const int n = static_cast<int>(indices.size()), C = set.c, H = set.h, W = set.w;
  x.resize(n, C, H, W);
  labels.resize(n);
  parallelFor(n, [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int idx = indices[i];
      labels[i] = set.labels[idx];
      int dy = 0, dx = 0;
      bool flip = false;
      if (train && aug.crop_pad > 0) {
        const int span = 2 * aug.crop_pad + 1;
        dy = static_cast<int>(uniformAt(key, 3 * i) * span) - aug.crop_pad;
        dx = static_cast<int>(uniformAt(key, 3 * i + 1) * span) - aug.crop_pad;
      }
      if (train && aug.flip) flip = uniformAt(key, 3 * i + 2) < 0.5f;
      const uint8_t* src = set.pixels.data() + static_cast<size_t>(idx) * C * H * W;
      float* dst = x.sample(static_cast<int>(i));
      for (int c = 0; c < C; ++c) {
        const float m = aug.mean.empty() ? 0.0f : aug.mean[c], s = aug.std.empty() ? 1.0f : aug.std[c];
        for (int y = 0; y < H; ++y)
          for (int xx = 0; xx < W; ++xx) {
            const int sy = y + dy, sx = (flip ? W - 1 - xx : xx) + dx;
            // Zero padding happens before normalization, as torchvision's RandomCrop does.
            const float p = (sy >= 0 && sy < H && sx >= 0 && sx < W) ? src[(c * H + sy) * W + sx] / 255.0f : 0.0f;
            dst[(c * H + y) * W + xx] = (p - m) / s;
          }
      }
    }
  });
}

}  // namespace vpsim
