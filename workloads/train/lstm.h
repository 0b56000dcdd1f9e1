// Lstm: one LSTM layer over a batch of token streams, the zoo's `lstm1`/`lstm2`: per time step one
// gate GEMM [x_t, h_{t-1}] (input + hidden) -> 4 x hidden gates (i, f, g, o, PyTorch's order),
// c_t = f c_{t-1} + i g, h_t = o tanh(c_t). Quantized as every zoo GEMM: the gate weights per output
// channel, each step's operand [x_t, h_{t-1}] per tensor (its own min-max grid, the EMA range in
// evaluation), each step's gate errors per tensor with stochastic rounding; STE. Backward is BPTT
// over the batch's steps. The state at the end of a batch carries into the next one, without a
// gradient (truncated BPTT, as the PTB recipes do); it restarts at zero when a batch starts new
// streams (StepContext::stream_start), and evaluation keeps a state of its own.
#pragma once

#include "workloads/train/gemm_layer.h"
#include "workloads/train/module.h"

namespace vpsim {

class Lstm : public Module, public GemmLayer {
 public:
  // op: the zoo's matmul (steps tokens, input + hidden -> 4 hidden). batch: streams per batch.
  Lstm(const LayerOp& op, int64_t input, int64_t hidden, int64_t batch, Rng& init_rng);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;  // [B*T, input] -> [B*T, hidden]
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override;  // EMA range and the carried training state
  void gemmLayers(std::vector<GemmLayer*>& out) override { out.push_back(this); }

  Tensor weight, weight_grad, bias, bias_grad;  // weight [4H, input + H]
  ActivationQuantizer act_quant;

 private:
  void step(int64_t t, const float* h_prev, const float* c_prev, float* y);
  void cellBackward(int64_t t, const float* dy, std::vector<float>& dh, std::vector<float>& dc, float* dg);
  int64_t in_, hid_, batch_, steps_ = 0;
  std::vector<float> h_carry_, c_carry_, h_eval_, c_eval_, c_init_;  // [H x B]
  std::vector<float> x_raw_, x_hat_;                                 // step operands, rows t*B + b: [x_t, h_{t-1}]
  std::vector<float> gates_, cells_;  // per step: activated gates [4H x B], cell states [H x B]
  std::vector<float> w_hat_, scratch_, gt_;
  const float* w_used_ = nullptr;
  bool a_quant_ = false;
  StepContext ctx_;
};

}  // namespace vpsim
