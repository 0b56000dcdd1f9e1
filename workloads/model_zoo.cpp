// buildModel: name -> layer list, with the dataset checks (image models need images, language models
// their corpus, ImageNet-size models ImageNet).
#include "workloads/model_zoo.h"

#include <functional>
#include <map>

#include "traces/input_error.h"
#include "workloads/zoo_models.h"

namespace vpsim {

namespace {

enum class Needs { SmallImages, ImageNet, Wikitext, Ptb, AnyImages };

struct ZooEntry {
  Needs needs;
  std::function<std::vector<LayerOp>(const DatasetInfo&)> build;
};

const std::map<std::string, ZooEntry>& zoo() {
  static const std::map<std::string, ZooEntry> z = {
      {"resnet20", {Needs::SmallImages, [](const DatasetInfo& d) { return cifarResNet(3, d); }}},
      {"resnet38", {Needs::SmallImages, [](const DatasetInfo& d) { return cifarResNet(6, d); }}},
      {"resnet74", {Needs::SmallImages, [](const DatasetInfo& d) { return cifarResNet(12, d); }}},
      {"resnet110", {Needs::SmallImages, [](const DatasetInfo& d) { return cifarResNet(18, d); }}},
      {"resnet152", {Needs::SmallImages, [](const DatasetInfo& d) { return cifarResNet(25, d); }}},
      {"resnet164", {Needs::SmallImages, resnet164}},
      {"mobilenetv2", {Needs::SmallImages, mobilenetV2}},
      {"lenet5", {Needs::SmallImages, lenet5}},
      {"cnn6", {Needs::SmallImages, cnn6}},
      {"cnn", {Needs::AnyImages, smallCnn}},
      {"resnet18", {Needs::ImageNet, [](const DatasetInfo& d) { return imagenetResNet(18, d); }}},
      {"resnet34", {Needs::ImageNet, [](const DatasetInfo& d) { return imagenetResNet(34, d); }}},
      {"resnet50", {Needs::ImageNet, [](const DatasetInfo& d) { return imagenetResNet(50, d); }}},
      {"deit-tiny", {Needs::ImageNet, deitTiny}},
      {"transformer", {Needs::Wikitext, transformerLm}},
      {"lstm", {Needs::Ptb, lstmLm}},
  };
  return z;
}

bool fits(Needs n, const DatasetInfo& d) {
  switch (n) {
    case Needs::SmallImages:
      return d.channels > 0 && d.height <= 32;
    case Needs::AnyImages:
      return d.channels > 0;
    // ImageNet itself, or a user's image folder / the synthetic set at a reduced size (>= 32x32).
    case Needs::ImageNet:
      return d.name == "imagenet" ||
             ((d.name == "imagefolder" || d.name == "synthetic") && d.channels > 0 && d.height >= 32);
    case Needs::Wikitext:
      return d.name == "wikitext103";
    case Needs::Ptb:
      return d.name == "ptb";
  }
  return false;
}

}  // namespace

int64_t Model::macsPerSample() const {
  int64_t s = 0;
  for (const auto& l : layers) s += l.macsPerSample();
  return s;
}

int64_t Model::quantizedMacsPerSample() const {
  int64_t s = 0;
  for (const auto& l : layers)
    if (l.quantized) s += l.macsPerSample();
  return s;
}

Model buildModel(const std::string& name, const DatasetInfo& dataset) {
  auto it = zoo().find(name);
  if (it == zoo().end()) {
    std::string list;
    for (const auto& n : modelNames()) list += (list.empty() ? "" : ", ") + n;
    throw InputError("unknown model '" + name + "' (known: " + list + ")");
  }
  if (!fits(it->second.needs, dataset))
    throw InputError("model '" + name + "' does not run on dataset '" + dataset.name + "'");
  return Model{name, dataset.name, it->second.build(dataset)};
}

std::vector<std::string> modelNames() {
  std::vector<std::string> out;
  for (const auto& kv : zoo()) out.push_back(kv.first);
  return out;
}

}  // namespace vpsim
