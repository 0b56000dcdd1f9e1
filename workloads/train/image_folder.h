// Image folders: a user's own image classification set in the common "one subfolder per class"
// layout, decoded with Debian's libpng and libjpeg (PNG, JPEG, and binary PGM/PPM):
//   DIR/train/<class>/*.{png,jpg,jpeg,ppm,pgm,pnm}
//   DIR/test/<class>/...        (or DIR/val/<class>/...)
// Classes are train/'s subfolders in sorted order (label 0, 1, ...); test/ may lack some but may not
// add any. Every image is centre-cropped to a square and resized (box filter, then bilinear) to
// size x size with 1 (grey) or 3 (RGB) channels, once, at load time: the set lives in memory as
// uint8, like the other readers' (a few hundred MB at most; full ImageNet needs a streaming reader).
#pragma once

#include <string>
#include <vector>

#include "workloads/train/dataset.h"

namespace vpsim {

// Throws InputError naming the folder or the file that cannot be read.
ImageSet loadImageFolder(const std::string& dir, bool train, int size, int channels);
std::vector<std::string> imageFolderClasses(const std::string& dir);  // train/'s class names, sorted

// One decoded image: interleaved 8-bit samples (h x w x channels, channels 1 or 3).
struct RawImage {
  int w = 0, h = 0, channels = 0;
  std::vector<uint8_t> px;
};
RawImage decodeImage(const std::string& path, int min_side);  // JPEG may decode at 1/2..1/8 when >= min_side
// Centre crop to a square, resize to size x size, convert to `channels`; planar (c x size x size) output.
void squareResize(const RawImage& in, int size, int channels, uint8_t* out);

// Writers (tests build small folders with them): PNM (P5/P6), PNG, JPEG (quality 95).
void writeImage(const std::string& path, const RawImage& img);

}  // namespace vpsim
