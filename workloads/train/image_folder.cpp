// Image folder scanning and resizing (see image_folder.h). Files are decoded in parallel, each
// into its own slot, so the set is the same for any thread count.
#include "workloads/train/image_folder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "traces/input_error.h"
#include "workloads/train/parallel.h"

namespace vpsim {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> sortedEntries(const fs::path& dir, bool dirs) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (dirs ? e.is_directory() : e.is_regular_file()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

fs::path splitDir(const std::string& dir, bool train) {
  if (train) return fs::path(dir) / "train";
  return fs::exists(fs::path(dir) / "test") || !fs::exists(fs::path(dir) / "val") ? fs::path(dir) / "test"
                                                                                  : fs::path(dir) / "val";
}

// Sample (x, y) of a plane (stride = channels) at real coordinates, bilinear with edge clamping.
float bilinear(const std::vector<float>& p, int w, int h, double x, double y) {
  x = std::clamp(x, 0.0, w - 1.0), y = std::clamp(y, 0.0, h - 1.0);
  const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  const int x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
  const double fx = x - x0, fy = y - y0;
  const double top = p[y0 * w + x0] * (1 - fx) + p[y0 * w + x1] * fx;
  const double bot = p[y1 * w + x0] * (1 - fx) + p[y1 * w + x1] * fx;
  return static_cast<float>(top * (1 - fy) + bot * fy);
}

}  // namespace

std::vector<std::string> imageFolderClasses(const std::string& dir) {
  const fs::path train = splitDir(dir, true);
  if (!fs::is_directory(train))
    throw InputError("image folder " + dir + ": no train/ subfolder (expected train/<class>/*.png|jpg|ppm)");
  std::vector<std::string> classes = sortedEntries(train, true);
  if (classes.empty()) throw InputError("image folder " + train.string() + ": no class subfolders");
  return classes;
}

void squareResize(const RawImage& in, int size, int channels, uint8_t* out) {
  const int side = std::min(in.w, in.h), x0 = (in.w - side) / 2, y0 = (in.h - side) / 2;
  const int box = std::max(1, side / size);  // box filter first: no aliasing when shrinking a lot
  const int bw = side / box;
  for (int c = 0; c < channels; ++c) {
    std::vector<float> plane(static_cast<size_t>(bw) * bw);
    for (int by = 0; by < bw; ++by)
      for (int bx = 0; bx < bw; ++bx) {
        double s = 0;
        for (int yy = 0; yy < box; ++yy)
          for (int xx = 0; xx < box; ++xx) {
            const uint8_t* p =
                in.px.data() + ((static_cast<size_t>(y0 + by * box + yy)) * in.w + x0 + bx * box + xx) * in.channels;
            // grey from RGB: ITU-R BT.601 luma; RGB from grey: replicated
            s += in.channels == channels ? p[c] : channels == 1 ? 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] : p[0];
          }
        plane[by * bw + bx] = static_cast<float>(s / (box * box));
      }
    const double scale = static_cast<double>(bw) / size;  // pixel centres map onto pixel centres
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const float v = bilinear(plane, bw, bw, (x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5);
        out[(c * size + y) * size + x] = static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 255.0f)));
      }
  }
}

ImageSet loadImageFolder(const std::string& dir, bool train, int size, int channels) {
  const std::vector<std::string> classes = imageFolderClasses(dir);
  const fs::path root = splitDir(dir, train);
  if (!fs::is_directory(root))
    throw InputError("image folder " + dir + ": no " + root.filename().string() + "/ subfolder");
  std::vector<std::string> files;
  ImageSet s;
  s.c = channels, s.h = s.w = size, s.classes = static_cast<int>(classes.size());
  for (const auto& cls : sortedEntries(root, true)) {
    const auto it = std::find(classes.begin(), classes.end(), cls);
    if (it == classes.end())
      throw InputError((root / cls).string() + ": class '" + cls + "' is not in " + (fs::path(dir) / "train").string());
    for (const auto& f : sortedEntries(root / cls, false)) {
      files.push_back((root / cls / f).string());
      s.labels.push_back(static_cast<int>(it - classes.begin()));
    }
  }
  if (files.empty()) throw InputError("image folder " + root.string() + ": no images");
  const size_t per = static_cast<size_t>(channels) * size * size;
  s.pixels.resize(per * files.size());
  std::vector<std::string> errors(files.size());
  parallelFor(static_cast<int64_t>(files.size()), [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) try {
        squareResize(decodeImage(files[i], size), size, channels, s.pixels.data() + per * i);
      } catch (const InputError& err) {
        errors[i] = err.what();
      }
  });
  for (const auto& e : errors)
    if (!e.empty()) throw InputError(e);  // the first bad file in folder order
  return s;
}

}  // namespace vpsim
