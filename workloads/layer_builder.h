// LayerBuilder: appends conv / fc / matmul layers while tracking the feature-map geometry, so model
// definitions read like the papers' tables. Output size of a conv: (in + 2*pad - k) / stride + 1.
// The vector-unit work after each GEMM (traces/layer_op.h PostOps) is recorded where the model
// says it: then("bn,relu") after the layer, pool() on the layer whose output is pooled, and take()
// marks every output that feeds a quantized layer as quantized. Normalization of any kind (batch
// or layer norm) is `bn`, any activation (ReLU, ReLU6, GELU) `relu`; a residual add belongs to the
// last GEMM of the block's main path. Softmax and LSTM gate arithmetic are not priced.
#pragma once

#include <string>
#include <vector>

#include "traces/layer_op.h"

namespace vpsim {

class LayerBuilder {
 public:
  LayerBuilder(int64_t channels, int64_t height, int64_t width) : c_(channels), h_(height), w_(width) {}

  // A conv from the current map; moves the current map to its output. pad = -1 means k/2 ("same").
  LayerOp& conv(const std::string& name, int64_t out_c, int64_t k, int64_t stride = 1, int64_t pad = -1,
                int64_t groups = 1);
  // A conv from an explicit input map (shortcut branches); does not move the current map.
  LayerOp& convFrom(const std::string& name, int64_t in_c, int64_t in_h, int64_t in_w, int64_t out_c, int64_t k,
                    int64_t stride, int64_t pad);
  LayerOp& fc(const std::string& name, int64_t in, int64_t out, bool quantized = true);
  // Per sample: `tokens` x (in/groups) times (in/groups) x (out/groups), `groups` independent products.
  LayerOp& matmul(const std::string& name, int64_t tokens, int64_t in, int64_t out, int64_t groups = 1);
  // Post ops of the last layer added, OR-ed in ("bn,relu", "bn,residual,relu").
  LayerBuilder& then(const std::string& ops);
  // Pooling of the last layer's output (no GEMM; marks its post op pool).
  void pool(int64_t factor);                          // max/avg pooling by `factor`
  void pool(int64_t k, int64_t stride, int64_t pad);  // a k x k pooling window: (in + 2*pad - k) / stride + 1
  void globalPool() { pool(1, 1, 0), h_ = w_ = 1; }   // global average pooling
  void setMap(int64_t c, int64_t h, int64_t w) { c_ = c, h_ = h, w_ = w; }
  int64_t channels() const { return c_; }
  int64_t height() const { return h_; }
  int64_t width() const { return w_; }
  // The layers: the first has no bwd_data pass; quantized outputs marked (markQuantizedOutputs).
  std::vector<LayerOp> take();

 private:
  std::vector<LayerOp> layers_;
  int64_t c_, h_, w_;
};

}  // namespace vpsim
