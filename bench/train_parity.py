"""PyTorch side of bench/train_parity.sh: ResNet-20 (bench/train_torch.py's, the zoo's layout) on
Fashion-MNIST 28x28 with the recipe vpsim trains: SGD momentum 0.9 (dampening 0), weight decay on
every parameter, cross-entropy averaged over the batch, BN momentum 0.1 / eps 1e-5, constant LR.
The data order and augmentation are vpsim's own (the same permutation per epoch and the same crop
offsets and flips per sample, from vpsim's counter-based random numbers, reimplemented here), so
the two trainers see the same batches. Initial weights: --init vpsim draws vpsim's exact initial
weights (same generator, same order); --init recipe draws N(0, sqrt(2/(k*k*Cout))) from torch;
--init torch keeps PyTorch's defaults (kaiming_uniform a=sqrt(5)).
--bits W/A/G (e.g. 8/8/8) trains with methods.md's quantizer on every conv, as vpsim's
static:W/A with G-bit errors: per-channel min-max weights and per-tensor min-max inputs (nearest,
half to even), per-tensor stochastically rounded errors at each conv's output (vpsim's noise:
the same uniform draw per element), the quantized errors into both backward GEMMs, straight-through
gradients; the FC stays FP32.
Prints "iteration,loss" per iteration on stdout.
Usage: /usr/bin/python3 bench/train_parity.py --data DIR --seed 0 [--iterations N] [--init vpsim]
       [--lr 0.1] [--batch 128] [--crop-pad 2] [--threads 2]"""
import argparse
import gzip
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_torch import ResNet20  # noqa: E402

M64 = (1 << 64) - 1


def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def stream_key(seed, a, b=0, c=0):
    return mix64(mix64(mix64(seed ^ 0x5851F42D4C957F2D) ^ a) ^ ((b * 0x2545F4914F6CDD1D) & M64)) ^ c


class Rng:  # vpsim's sequential generator (workloads/train/tensor.h)
    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        r = mix64(self.state)
        self.state = (self.state + 1) & M64
        return r

    def uniform(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)

    def normal(self):
        u1, u2 = self.uniform(), self.uniform()
        return math.sqrt(-2.0 * math.log(max(u1, 1e-300))) * math.cos(2.0 * math.pi * u2)


def uniform_at(key, index):  # vectorized over uint64 indices below 2^32
    x = (index.astype(np.uint32) ^ np.uint32(key & 0xFFFFFFFF)) + np.uint32(key >> 32)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return (x >> np.uint32(8)).astype(np.float32) * np.float32(1.0 / 16777216.0)


def permutation(n, seed):
    p, rng = list(range(n)), Rng(seed)
    for i in range(n - 1, 0, -1):
        j = rng.next() % (i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def vpsim_init(model, seed):
    """vpsim's initial weights: convs N(0, sqrt(2/(k*k*Cout))) in construction order (stem, then per
    block conv1, conv2, downsample), then the FC's U(-1/sqrt(in), 1/sqrt(in)) weight and bias."""
    rng = Rng(stream_key(seed, 0x1417))
    convs = [model.c1]
    for blk in model.layers:
        convs += [blk.c1, blk.c2] + ([blk.down[0]] if blk.down is not None else [])
    with torch.no_grad():
        for c in convs:
            o, _, k, _ = c.weight.shape
            sd = math.sqrt(2.0 / (k * k * o))
            c.weight.copy_(torch.tensor([rng.normal() * sd for _ in range(c.weight.numel())],
                                        dtype=torch.float64).float().view_as(c.weight))
        bound = 1.0 / math.sqrt(model.fc.weight.shape[1])
        for t in (model.fc.weight, model.fc.bias):
            t.copy_(torch.tensor([(2.0 * rng.uniform() - 1.0) * bound for _ in range(t.numel())],
                                 dtype=torch.float64).float().view_as(t))


QCONF = {"bits": None, "seed": 0, "iter": 0}


def quantize(x, lo, hi, bits, noise=None):
    """methods.md section 1 on float32 tensors: lo/hi broadcast (per tensor or per channel)."""
    qmax = float(2 ** bits - 1)
    scale = torch.clamp((hi - lo) / torch.tensor(qmax, dtype=torch.float32), min=1e-8)
    u = (x - lo) / scale
    if noise is not None:
        u = u + noise
    return torch.round(torch.clamp(u, 0.0, qmax)) * scale + lo


def noise_for(key, n):  # vpsim's uniformAt(key, i) - 0.5 for i in [0, n)
    return torch.from_numpy(uniform_at(key, np.arange(n, dtype=np.uint64)) - np.float32(0.5))


class QuantConvFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, stride, padding, index):
        wb, ab, gb = QCONF["bits"]
        x_hat = quantize(x, x.min(), x.max(), ab)
        wf = w.view(w.shape[0], -1)
        lo, hi = wf.min(1, keepdim=True)[0], wf.max(1, keepdim=True)[0]
        w_hat = quantize(wf, lo, hi, wb).view_as(w)
        ctx.save_for_backward(x_hat, w_hat)
        ctx.conf = (stride, padding, gb, stream_key(QCONF["seed"], QCONF["iter"], index, 0xE77))
        return F.conv2d(x_hat, w_hat, None, stride, padding)

    @staticmethod
    def backward(ctx, gy):
        x_hat, w_hat = ctx.saved_tensors
        stride, padding, gb, key = ctx.conf
        gy = gy.contiguous()
        g = quantize(gy, gy.min(), gy.max(), gb, noise_for(key, gy.numel()).view_as(gy))
        dx = torch.nn.grad.conv2d_input(x_hat.shape, w_hat, g, stride, padding)
        dw = torch.nn.grad.conv2d_weight(x_hat, w_hat.shape, g, stride, padding)
        return dx, dw, None, None, None


def quantize_convs(model):
    """Every conv (vpsim's layer order: stem, then per block conv1, conv2, downsample) runs through
    QuantConvFn when QCONF["bits"] is set."""
    convs = [model.c1]
    for blk in model.layers:
        convs += [blk.c1, blk.c2] + ([blk.down[0]] if blk.down is not None else [])
    for index, c in enumerate(convs):
        def fwd(x, c=c, index=index):
            return QuantConvFn.apply(x, c.weight, c.stride, c.padding, index)
        c.forward = fwd


def recipe_init(model):
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            o, _, k, _ = m.weight.shape
            nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / (k * k * o)))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def make_batch(images, labels, idx, key, pad, flip, mean, std):
    """vpsim's makeBatch (workloads/train/dataset.cpp): shift by (dy, dx) in [-pad, pad] with zero
    fill, optional horizontal flip, then (x/255 - mean) / std, all in float32."""
    n, h, w = len(idx), images.shape[1], images.shape[2]
    i3 = 3 * np.arange(n, dtype=np.uint64)
    span = np.float32(2 * pad + 1)
    dy = (uniform_at(key, i3) * span).astype(np.int64) - pad if pad else np.zeros(n, np.int64)
    dx = (uniform_at(key, i3 + 1) * span).astype(np.int64) - pad if pad else np.zeros(n, np.int64)
    fl = uniform_at(key, i3 + 2) < 0.5 if flip else np.zeros(n, bool)
    src = np.pad(images[idx].astype(np.float32) / np.float32(255.0), ((0, 0), (pad, pad), (pad, pad)))
    rows = np.arange(h)[None, :] + dy[:, None] + pad
    cols = np.where(fl[:, None], w - 1 - np.arange(w)[None, :], np.arange(w)[None, :]) + dx[:, None] + pad
    x = src[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    x = (x - np.float32(mean)) / np.float32(std)
    return torch.from_numpy(np.ascontiguousarray(x[:, None])), torch.from_numpy(labels[idx].astype(np.int64))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--iterations", type=int, default=0, help="0 = one epoch")
    ap.add_argument("--init", choices=["vpsim", "recipe", "torch"], default="vpsim")
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--crop-pad", type=int, default=2)
    ap.add_argument("--no-flip", action="store_true")
    ap.add_argument("--subset", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dump", default="", help="write the final parameters (in vpsim's order) to this .npy list")
    ap.add_argument("--bits", default="", help="W/A/G: quantized convs (default FP32)")
    ap.add_argument("--double", action="store_true", help="train in float64 (how far float32 noise goes)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images = read_idx(a.data + "/train-images-idx3-ubyte.gz")
    labels = read_idx(a.data + "/train-labels-idx1-ubyte.gz")
    if a.subset:
        images, labels = images[:a.subset], labels[:a.subset]
    model = ResNet20()
    if a.init == "vpsim":
        vpsim_init(model, a.seed)
    elif a.init == "recipe":
        recipe_init(model)
    if a.double:
        model = model.double()
    if a.bits:
        QCONF["bits"], QCONF["seed"] = [int(b) for b in a.bits.split("/")], a.seed
        quantize_convs(model)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay)
    n = len(labels)
    ipe = (n + a.batch - 1) // a.batch
    total = a.iterations or ipe
    perm = None
    print("iteration,loss")
    for it in range(total):
        pos = it % ipe
        if pos == 0:
            perm = permutation(n, stream_key(a.seed, 0x9E8, it // ipe))
        idx = np.array(perm[pos * a.batch:min(n, (pos + 1) * a.batch)])
        x, y = make_batch(images, labels, idx, stream_key(a.seed, 0xA06, it), a.crop_pad, not a.no_flip,
                          0.2860, 0.3530)
        QCONF["iter"] = it
        opt.zero_grad()
        loss = F.cross_entropy(model(x.double() if a.double else x), y)
        loss.backward()
        opt.step()
        print(f"{it},{loss.item():.6g}", flush=True)
    if a.dump:
        np.save(a.dump, np.concatenate([p.detach().double().numpy().ravel() for p in model.parameters()]))


if __name__ == "__main__":
    main()
