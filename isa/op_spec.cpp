// Op and bits strings -> LayerOp + batch, Bits.
#include "isa/op_spec.h"

#include <vector>

#include "traces/input_error.h"

namespace vpsim {
namespace {

std::vector<int64_t> parseInts(const std::string& list, char sep, const std::string& what) {
  std::vector<int64_t> out;
  size_t pos = 0;
  while (true) {
    const size_t end = list.find(sep, pos);
    const std::string tok = list.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t used = 0;
    int64_t v = 0;
    try {
      v = std::stoll(tok, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (tok.empty() || used != tok.size() || v <= 0) throw InputError("bad number '" + tok + "' in " + what);
    if (v > kMaxLayerDim)
      throw InputError("number " + tok + " in " + what + " exceeds " + std::to_string(kMaxLayerDim));
    out.push_back(v);
    if (end == std::string::npos) return out;
    pos = end + 1;
  }
}

LayerOp convLayer(const std::vector<int64_t>& v, bool depthwise) {
  // conv: B,IC,OC,K,S,OH[,OW]; dw: B,C,K,S,OH[,OW]
  const size_t o = depthwise ? 1 : 0;
  LayerOp l;
  l.name = depthwise ? "dw" : "conv";
  l.kind = depthwise ? LayerKind::Depthwise : LayerKind::Conv;
  l.in_c = v[1];
  l.out_c = depthwise ? v[1] : v[2];
  l.groups = depthwise ? v[1] : 1;
  l.kernel = v[3 - o];
  l.stride = v[4 - o];
  l.out_h = v[5 - o];
  l.out_w = v.size() > 6 - o ? v[6 - o] : l.out_h;
  l.in_h = (l.out_h - 1) * l.stride + l.kernel;
  l.in_w = (l.out_w - 1) * l.stride + l.kernel;
  return l;
}

}  // namespace

static OpSpec parseOpShape(const std::string& text);

OpSpec parseOpSpec(const std::string& full) {
  // Options after the shape: ";pad=P" (a conv's zero padding; the input shrinks by 2P) and
  // ";post=bn,relu,..." (the layer's vector-unit work, traces/layer_op.h PostOps).
  const size_t semi = full.find(';');
  const std::string text = full.substr(0, semi);
  int64_t pad = 0;
  PostOps post;
  for (size_t pos = semi; pos != std::string::npos;) {
    const size_t next = full.find(';', pos + 1);
    const std::string opt = full.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
    if (opt.rfind("pad=", 0) == 0) {
      pad = opt.substr(4) == "0" ? 0 : parseInts(opt.substr(4), ',', "op '" + full + "'").at(0);
    } else if (opt.rfind("post=", 0) == 0) {
      post = parsePostOps(opt.substr(5));
    } else {
      throw InputError("bad op option '" + opt + "' in '" + full + "' (expected pad=P or post=bn,relu,...)");
    }
    pos = next;
  }
  OpSpec s = parseOpShape(text);
  checkLayerSize(s.layer, s.batch, "op '" + full + "'");
  if (pad > 0) {
    if (s.layer.kind != LayerKind::Conv && s.layer.kind != LayerKind::Depthwise)
      throw InputError("op '" + full + "': pad= applies to conv and dw only");
    if (2 * pad >= s.layer.kernel + (s.layer.out_h - 1) * s.layer.stride)
      throw InputError("op '" + full + "': pad " + std::to_string(pad) + " leaves no input");
    s.layer.pad = pad, s.layer.in_h -= 2 * pad, s.layer.in_w -= 2 * pad;
  }
  s.layer.post = post;
  return s;
}

static OpSpec parseOpShape(const std::string& text) {
  const size_t colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const std::string usage = "expected conv:B,IC,OC,K,S,OH[,OW] | dw:B,C,K,S,OH[,OW] | fc:B,IN,OUT | gemm:M,N,K";
  if (colon == std::string::npos) throw InputError("bad op '" + text + "': " + usage);
  const auto v = parseInts(text.substr(colon + 1), ',', "op '" + text + "'");
  OpSpec s;
  const auto need = [&](size_t lo, size_t hi) {
    if (v.size() < lo || v.size() > hi) throw InputError("bad op '" + text + "': " + usage);
  };
  if (kind == "conv" || kind == "dw") {
    need(kind == "conv" ? 6 : 5, kind == "conv" ? 7 : 6);
    s.layer = convLayer(v, kind == "dw");
    s.batch = v[0];
  } else if (kind == "fc") {
    need(3, 3);
    s.layer.name = "fc", s.layer.kind = LayerKind::Fc, s.layer.in_c = v[1], s.layer.out_c = v[2];
    s.batch = v[0];
  } else if (kind == "gemm") {
    need(3, 3);
    s.layer.name = "gemm", s.layer.kind = LayerKind::Matmul;
    s.layer.out_h = v[0], s.layer.out_c = v[1], s.layer.in_c = v[2];
  } else {
    throw InputError("unknown op kind '" + kind + "': " + usage);
  }
  return s;
}

Bits parseBitsSpec(const std::string& text) {
  const auto v = parseInts(text, '/', "bits '" + text + "'");
  if (v.size() < 2 || v.size() > 3) throw InputError("bad bits '" + text + "': expected W/A[/G]");
  for (int64_t b : v)
    if (b > 32) throw InputError("bad bits '" + text + "': widths are 1..32");
  Bits b;
  b.w = static_cast<int>(v[0]);
  b.a = static_cast<int>(v[1]);
  b.g = static_cast<int>(v.size() > 2 ? v[2] : v[1]);
  return b;
}

}  // namespace vpsim
