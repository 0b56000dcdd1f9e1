// Image folders: PNG, JPEG and PGM/PPM decoding, the centre crop and box/bilinear resize, class
// labels from the train/ subfolders, clear errors, and a trainer run on a folder through the binary.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/common/input_error_of.h"
#include "tests/common/run_command.h"
#include "workloads/train/image_folder.h"

namespace vpsim {
namespace {

namespace fs = std::filesystem;
using testing::inputErrorOf;

std::string tempDir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("vpsim_folder_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

RawImage gradient(int w, int h, int channels, int seed) {
  RawImage img{w, h, channels, {}};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) img.px.push_back(static_cast<uint8_t>((x * 16 + y * 8 + c * 40 + seed) % 256));
  return img;
}

TEST(ImageFolder, LosslessFormatsRoundTripExactly) {
  const std::string dir = tempDir("rt");
  for (const char* ext : {"png", "ppm", "pgm"}) {
    const RawImage img = gradient(8, 8, std::string(ext) == "pgm" ? 1 : 3, 3);
    writeImage(dir + "/a." + ext, img);
    const RawImage back = decodeImage(dir + "/a." + ext, 8);
    EXPECT_EQ(back.w, 8);
    EXPECT_EQ(back.channels, img.channels) << ext;
    EXPECT_EQ(back.px, img.px) << ext;
  }
  RawImage img{16, 16, 3, {}};  // smooth (JPEG's 4:2:0 chroma and DCT blur sharp edges)
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) img.px.push_back(static_cast<uint8_t>(8 * x + 4 * y + 20 * c));
  writeImage(dir + "/a.jpg", img);
  const RawImage jpg = decodeImage(dir + "/a.jpg", 16);
  ASSERT_EQ(jpg.px.size(), img.px.size());
  double err = 0;
  for (size_t i = 0; i < img.px.size(); ++i) err += std::abs(int(jpg.px[i]) - int(img.px[i]));
  EXPECT_LT(err / img.px.size(), 3.0) << "JPEG at quality 95";
}

TEST(ImageFolder, CentreCropAndResize) {
  RawImage img{6, 4, 1, {}};  // a 6x4 grey image: the crop keeps columns 1..4
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 6; ++x) img.px.push_back(static_cast<uint8_t>(x == 0 || x == 5 ? 255 : 10 * (y * 4 + x - 1)));
  uint8_t out[4];
  squareResize(img, 2, 1, out);  // 4x4 -> 2x2 by a 2x2 box: the mean of each quadrant
  EXPECT_EQ(out[0], 25);         // (0 + 10 + 40 + 50) / 4
  EXPECT_EQ(out[1], 45);         // (20 + 30 + 60 + 70) / 4
  EXPECT_EQ(out[3], 125);        // (100 + 110 + 140 + 150) / 4
  uint8_t same[16], rgb[48];
  squareResize(img, 4, 1, same);  // no resize: the crop itself
  EXPECT_EQ(same[5], 50);
  squareResize(img, 4, 3, rgb);  // grey replicated into 3 planes
  EXPECT_EQ(rgb[16 + 5], 50);
  EXPECT_EQ(rgb[32 + 5], 50);
}

TEST(ImageFolder, ClassesFromSubfoldersAndClearErrors) {
  const std::string dir = tempDir("cls");
  fs::create_directories(dir + "/train/cat"), fs::create_directories(dir + "/train/dog");
  fs::create_directories(dir + "/val/dog");
  writeImage(dir + "/train/dog/1.png", gradient(10, 10, 3, 1));
  writeImage(dir + "/train/cat/1.ppm", gradient(12, 10, 3, 2));
  writeImage(dir + "/train/cat/2.jpg", gradient(10, 12, 1, 3));
  writeImage(dir + "/val/dog/x.pgm", gradient(8, 8, 1, 4));
  const ImageSet train = loadImageFolder(dir, true, 8, 3);
  EXPECT_EQ(train.classes, 2);
  EXPECT_EQ(train.labels, (std::vector<int>{0, 0, 1}));  // cat (sorted first), then dog
  EXPECT_EQ(train.pixels.size(), 3u * 3 * 8 * 8);
  const ImageSet test = loadImageFolder(dir, false, 8, 1);  // val/ when there is no test/
  EXPECT_EQ(test.labels, (std::vector<int>{1}));
  fs::create_directories(dir + "/val/bird");
  EXPECT_NE(inputErrorOf([&] { loadImageFolder(dir, false, 8, 3); }).find("class 'bird' is not in"), std::string::npos);
  std::ofstream(dir + "/train/dog/2.png") << "not a png";
  EXPECT_NE(inputErrorOf([&] { loadImageFolder(dir, true, 8, 3); }).find("train/dog/2.png"), std::string::npos);
  std::ofstream(dir + "/train/dog/2.png").close();
  fs::remove(dir + "/train/dog/2.png");
  std::ofstream(dir + "/train/dog/3.gif") << "GIF89a";
  EXPECT_NE(inputErrorOf([&] { loadImageFolder(dir, true, 8, 3); }).find("unsupported image type"), std::string::npos);
  EXPECT_NE(inputErrorOf([&] { loadImageFolder(dir + "/nope", true, 8, 3); }).find("no train/ subfolder"),
            std::string::npos);
}

// `vpsim train` on an image folder: ResNet-18 at 32x32 for a few iterations (the trace names the
// dataset "imagefolder" and its 3 classes), and a config error naming the missing data_dir.
TEST(ImageFolder, TrainsThroughTheBinary) {
  const std::string dir = tempDir("bin");
  for (int k = 0; k < 3; ++k)
    for (const char* split : {"train", "test"}) {
      fs::create_directories(dir + "/" + split + "/c" + std::to_string(k));
      for (int i = 0; i < 4; ++i)
        writeImage(dir + "/" + split + "/c" + std::to_string(k) + "/" + std::to_string(i) + ".png",
                   gradient(40, 36, 3, 60 * k + i));
    }
  std::ofstream(dir + "/c.yaml") << "model: resnet18\ndataset: imagefolder\ndata_dir: " << dir
                                 << "\nimage_size: 32\nbatch: 4\niterations: 3\nprogress: \"off\"\n";
  auto r = testing::runCommand(testing::vpsim() + " train --config " + dir + "/c.yaml --out " + dir + "/out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream trace(dir + "/out/trace.jsonl");
  std::string header;
  std::getline(trace, header);
  EXPECT_NE(header.find("\"dataset\":\"imagefolder\""), std::string::npos) << header;
  EXPECT_NE(header.find("\"out_c\":3"), std::string::npos) << "the FC has one output per class folder";
  std::ofstream(dir + "/bad.yaml") << "model: resnet18\ndataset: imagefolder\n";
  auto bad = testing::runCommand(testing::vpsim() + " train --config " + dir + "/bad.yaml --out " + dir + "/out2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("data_dir: required for imagefolder"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vpsim
