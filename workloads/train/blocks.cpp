// Sequential and Residual (see blocks.h).
#include "workloads/train/blocks.h"

namespace vpsim {

void Sequential::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  if (modules.empty()) {
    y = x;
    return;
  }
  acts_.resize(modules.size());
  const Tensor* in = &x;
  for (size_t i = 0; i < modules.size(); ++i) {
    Tensor& out = i + 1 == modules.size() ? y : acts_[i];
    modules[i]->forward(*in, out, ctx);
    in = &out;
  }
}

void Sequential::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  if (modules.empty()) {
    dx = dy;
    return;
  }
  Tensor buf[2];
  const Tensor* g = &dy;
  for (size_t i = modules.size(); i-- > 0;) {
    Tensor& out = i == 0 ? dx : buf[i % 2];  // never the buffer g points to
    modules[i]->backward(*g, out, i > 0 || need_dx);
    g = &out;
  }
}

void Sequential::params(std::vector<Param>& out) {
  for (auto& m : modules) m->params(out);
}
void Sequential::buffers(std::vector<BufferRef>& out) {
  for (auto& m : modules) m->buffers(out);
}
void Sequential::gemmLayers(std::vector<GemmLayer*>& out) {
  for (auto& m : modules) m->gemmLayers(out);
}

Residual::Residual(std::unique_ptr<Sequential> main, std::unique_ptr<Sequential> shortcut, std::unique_ptr<Module> post)
    : main_(std::move(main)), shortcut_(std::move(shortcut)), post_(std::move(post)) {}

void Residual::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  Tensor& sum = post_ ? sum_ : y;
  main_->forward(x, sum, ctx);
  const Tensor* sc = &x;
  if (!shortcut_->empty()) shortcut_->forward(x, short_, ctx), sc = &short_;
  for (int64_t i = 0; i < sum.size(); ++i) sum.v[i] += sc->v[i];  // residual add
  if (post_) post_->forward(sum_, y, ctx);
}

void Residual::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  Tensor gp, gs;
  if (post_) post_->backward(dy, gp, true);
  const Tensor& g = post_ ? gp : dy;  // feeds both branches of the add
  main_->backward(g, dx, need_dx);
  const Tensor* s = &g;
  if (!shortcut_->empty()) shortcut_->backward(g, gs, need_dx), s = &gs;
  if (need_dx)
    for (int64_t i = 0; i < dx.size(); ++i) dx.v[i] += s->v[i];
}

void Residual::params(std::vector<Param>& out) { main_->params(out), shortcut_->params(out); }
void Residual::buffers(std::vector<BufferRef>& out) { main_->buffers(out), shortcut_->buffers(out); }
void Residual::gemmLayers(std::vector<GemmLayer*>& out) { main_->gemmLayers(out), shortcut_->gemmLayers(out); }

}  // namespace vpsim
