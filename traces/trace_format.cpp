// JSON (de)serialization of the trace header and its layers, with checks that name the line.
#include "traces/trace_format.h"

#include <algorithm>

#include "traces/input_error.h"

namespace vpsim {

using nlohmann::json;

int jsonNestingDepth(const std::string& text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

json layerToJson(const LayerOp& l) {
  json j{{"name", l.name},
         {"kind", layerKindName(l.kind)},
         {"in_c", l.in_c},
         {"out_c", l.out_c},
         {"in_h", l.in_h},
         {"in_w", l.in_w},
         {"out_h", l.out_h},
         {"out_w", l.out_w},
         {"kernel", l.kernel},
         {"stride", l.stride},
         {"pad", l.pad},
         {"groups", l.groups},
         {"macs_per_sample", l.macsPerSample()},
         {"has_bwd_data", l.has_bwd_data},
         {"quantized", l.quantized}};
  if (l.post.any()) j["post"] = postOpsName(l.post);  // version 2; absent = none
  return j;
}

namespace {

int64_t positiveInt(const json& j, const char* key, const std::string& where, int64_t min = 1,
                    int64_t max = kMaxLayerDim) {
  if (!j.contains(key)) throw InputError(where + ": missing key '" + key + "'");
  const json& v = j.at(key);
  // An unsigned beyond int64 reads as negative through get<int64_t>: reject it by its own type.
  if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(max)) ||
      v.get<int64_t>() < min || v.get<int64_t>() > max)
    throw InputError(where + ": key '" + key + "' must be an integer in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "]");
  return v.get<int64_t>();
}

bool boolField(const json& j, const char* key, bool fallback, const std::string& where) {
  if (!j.contains(key)) return fallback;
  if (!j.at(key).is_boolean())
    throw InputError(where + ": key '" + key + "' must be true or false, got " + j.at(key).dump());
  return j.at(key).get<bool>();
}

std::string optString(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return "";
  if (!j.at(key).is_string()) throw InputError(where + ": key '" + key + "' must be a string, got " + j.at(key).dump());
  return j.at(key).get<std::string>();
}

std::string stringField(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_string()) throw InputError(where + ": missing string key '" + key + "'");
  return j.at(key).get<std::string>();
}

}  // namespace

LayerOp layerFromJson(const json& j, const std::string& where) {
  if (!j.is_object()) throw InputError(where + ": a layer must be a JSON object");
  LayerOp l;
  l.name = stringField(j, "name", where);
  const std::string at = where + ": layer '" + l.name + "'";
  l.kind = parseLayerKind(stringField(j, "kind", at));
  l.in_c = positiveInt(j, "in_c", at);
  l.out_c = positiveInt(j, "out_c", at);
  l.in_h = positiveInt(j, "in_h", at);
  l.in_w = positiveInt(j, "in_w", at);
  l.out_h = positiveInt(j, "out_h", at);
  l.out_w = positiveInt(j, "out_w", at);
  l.kernel = positiveInt(j, "kernel", at);
  l.stride = positiveInt(j, "stride", at);
  l.pad = positiveInt(j, "pad", at, 0);
  l.groups = positiveInt(j, "groups", at);
  l.has_bwd_data = boolField(j, "has_bwd_data", true, at);
  l.quantized = boolField(j, "quantized", true, at);
  if (j.contains("post")) {  // version 2; version-1 layers have none
    if (!j.at("post").is_string()) throw InputError(at + ": key 'post' must be a string such as \"bn,relu\"");
    try {
      l.post = parsePostOps(j.at("post").get<std::string>());
    } catch (const InputError& e) {
      throw InputError(at + ": " + e.what());
    }
  }
  if (l.in_c % l.groups != 0 || l.out_c % l.groups != 0)
    throw InputError(at + ": in_c and out_c must be multiples of groups");
  checkLayerSize(l, 1, where);
  if (j.contains("macs_per_sample") && j.at("macs_per_sample") != l.macsPerSample())
    throw InputError(at + ": macs_per_sample " + j.at("macs_per_sample").dump() + " does not match its shape (" +
                     std::to_string(l.macsPerSample()) + ")");
  return l;
}

json headerToJson(const TraceHeader& h) {
  json layers = json::array();
  for (const auto& l : h.layers) layers.push_back(layerToJson(l));
  return json{{"format", kTraceFormat},
              {"version", kTraceVersion},
              {"model", h.model},
              {"dataset", h.dataset},
              {"batch", h.batch},
              {"iterations", h.iterations},
              {"iterations_per_epoch", h.iterations_per_epoch},
              {"schedule", json{{"spec", h.schedule}, {"params", h.schedule_params}}},
              {"producer", h.producer},
              {"layers", layers}};
}

TraceHeader headerFromJson(const json& j, const std::string& where) {
  // (value("format", "") throws a type error when "format" is no string.)
  if (!j.is_object() || !j.contains("format") || !j.at("format").is_string() || j.at("format") != kTraceFormat)
    throw InputError(where + ": not a vpsim trace (header needs \"format\": \"vpsim-trace\")");
  if (!j.contains("version") || !(j.at("version") == kTraceVersion || j.at("version") == 1))
    throw InputError(where + ": unsupported trace version " +
                     (j.contains("version") ? j.at("version").dump() : "(none)") +
                     " (this vpsim reads versions 1 and " + std::to_string(kTraceVersion) + ")");
  TraceHeader h;
  h.model = stringField(j, "model", where);
  h.dataset = stringField(j, "dataset", where);
  h.batch = positiveInt(j, "batch", where, 1, kMaxLayerDim);
  h.iterations = positiveInt(j, "iterations", where, 1, kMaxTraceIterations);
  h.iterations_per_epoch = positiveInt(j, "iterations_per_epoch", where, 1, kMaxTraceIterations);
  if (h.epochs() > kMaxTraceEpochs)
    throw InputError(where + ": " + std::to_string(h.epochs()) + " epochs (iterations / iterations_per_epoch) exceed " +
                     std::to_string(kMaxTraceEpochs));
  h.producer = optString(j, "producer", where);
  if (j.contains("schedule")) {
    const json& s = j.at("schedule");
    if (!s.is_object()) throw InputError(where + ": key 'schedule' must be an object {spec, params}");
    h.schedule = optString(s, "spec", where + ": schedule");
    if (s.contains("params") && !s.at("params").is_object() && !s.at("params").is_null())
      throw InputError(where + ": schedule: key 'params' must be an object");
    if (s.contains("params") && s.at("params").is_object()) h.schedule_params = s.at("params");
  }
  if (!j.contains("layers") || !j.at("layers").is_array() || j.at("layers").empty())
    throw InputError(where + ": header needs a non-empty 'layers' array");
  if (j.at("layers").size() > kMaxTraceLayers)
    throw InputError(where + ": more than " + std::to_string(kMaxTraceLayers) + " layers");
  for (const auto& l : j.at("layers")) {
    h.layers.push_back(layerFromJson(l, where));
    checkLayerSize(h.layers.back(), h.batch, where);
  }
  return h;
}

}  // namespace vpsim
