// Image decoding and encoding for image folders (see image_folder.h): PNM by hand, PNG with
// libpng's simplified API, JPEG with libjpeg (errors longjmp back and become InputError).
#include <csetjmp>
#include <cstddef>
#include <cstdio>  // before jpeglib.h, which uses size_t and FILE without including them

#include <jpeglib.h>
#include <png.h>

#include <cctype>
#include <fstream>
#include <memory>

#include "traces/input_error.h"
#include "workloads/train/image_folder.h"

namespace vpsim {

namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}
std::string extensionOf(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : lower(path.substr(dot + 1));
}

// Binary PGM (P5) / PPM (P6), maxval <= 255; '#' comments in the header.
RawImage decodePnm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open image " + path);
  auto token = [&]() {
    std::string t;
    for (int ch; (ch = in.get()) != EOF;) {
      if (ch == '#') {
        std::string rest;
        std::getline(in, rest);
        continue;
      }
      if (std::isspace(ch)) {
        if (!t.empty()) break;
        continue;
      }
      t += static_cast<char>(ch);
    }
    return t;
  };
  const std::string magic = token();
  if (magic != "P5" && magic != "P6") throw InputError(path + ": not a binary PGM/PPM (P5/P6) file");
  RawImage img;
  img.channels = magic == "P5" ? 1 : 3;
  try {
    img.w = std::stoi(token()), img.h = std::stoi(token());
    if (std::stoi(token()) > 255) throw InputError(path + ": only 8-bit PGM/PPM (maxval <= 255)");
  } catch (const std::logic_error&) {
    throw InputError(path + ": malformed PGM/PPM header");
  }
  if (img.w <= 0 || img.h <= 0) throw InputError(path + ": empty image");
  img.px.resize(static_cast<size_t>(img.w) * img.h * img.channels);
  if (!in.read(reinterpret_cast<char*>(img.px.data()), static_cast<std::streamsize>(img.px.size())))
    throw InputError(path + ": truncated PGM/PPM data");
  return img;
}

RawImage decodePng(const std::string& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str())) throw InputError(path + ": " + png.message);
  RawImage img;
  img.channels = (png.format & PNG_FORMAT_FLAG_COLOR) ? 3 : 1;
  png.format = img.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;  // alpha is composited away
  img.w = static_cast<int>(png.width), img.h = static_cast<int>(png.height);
  img.px.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, img.px.data(), 0, nullptr)) {
    png_image_free(&png);
    throw InputError(path + ": " + png.message);
  }
  return img;
}

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};
void jpegFail(j_common_ptr c) {
  auto* e = reinterpret_cast<JpegError*>(c->err);
  c->err->format_message(c, e->message);
  std::longjmp(e->jump, 1);
}

// Decodes at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling: much faster) while the shorter side
// stays >= min_side.
RawImage decodeJpeg(const std::string& path, int min_side) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw InputError("cannot open image " + path);
  jpeg_decompress_struct cinfo{};
  JpegError err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpegFail;
  RawImage img;  // declared before setjmp: nothing with a destructor is created after it
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    throw InputError(path + ": " + err.message);
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, f.get());
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  const unsigned shorter = std::min(cinfo.image_width, cinfo.image_height);
  cinfo.scale_num = 1, cinfo.scale_denom = 1;
  while (cinfo.scale_denom < 8 && shorter / (cinfo.scale_denom * 2) >= static_cast<unsigned>(min_side))
    cinfo.scale_denom *= 2;
  jpeg_start_decompress(&cinfo);
  img.w = static_cast<int>(cinfo.output_width), img.h = static_cast<int>(cinfo.output_height);
  img.channels = cinfo.output_components;
  img.px.resize(static_cast<size_t>(img.w) * img.h * img.channels);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = img.px.data() + static_cast<size_t>(cinfo.output_scanline) * img.w * img.channels;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return img;
}

void writeJpeg(const std::string& path, const RawImage& img) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f) throw InputError("cannot write " + path);
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  jpeg_stdio_dest(&c, f.get());
  c.image_width = static_cast<JDIMENSION>(img.w), c.image_height = static_cast<JDIMENSION>(img.h);
  c.input_components = img.channels;
  c.in_color_space = img.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 95, TRUE);
  jpeg_start_compress(&c, TRUE);
  for (int y = 0; y < img.h; ++y) {
    JSAMPROW row = const_cast<uint8_t*>(img.px.data()) + static_cast<size_t>(y) * img.w * img.channels;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
}

}  // namespace

RawImage decodeImage(const std::string& path, int min_side) {
  const std::string ext = extensionOf(path);
  if (ext == "png") return decodePng(path);
  if (ext == "jpg" || ext == "jpeg") return decodeJpeg(path, min_side);
  if (ext == "ppm" || ext == "pgm" || ext == "pnm") return decodePnm(path);
  throw InputError(path + ": unsupported image type (png, jpg, jpeg, ppm, pgm, pnm)");
}

void writeImage(const std::string& path, const RawImage& img) {
  const std::string ext = extensionOf(path);
  if (ext == "jpg" || ext == "jpeg") return writeJpeg(path, img);
  if (ext == "png") {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(img.w), png.height = static_cast<png_uint_32>(img.h);
    png.format = img.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    if (!png_image_write_to_file(&png, path.c_str(), 0, img.px.data(), 0, nullptr))
      throw InputError("cannot write " + path + ": " + png.message);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw InputError("cannot write " + path);
  out << (img.channels == 1 ? "P5" : "P6") << "\n" << img.w << " " << img.h << "\n255\n";
  out.write(reinterpret_cast<const char*>(img.px.data()), static_cast<std::streamsize>(img.px.size()));
}

}  // namespace vpsim
