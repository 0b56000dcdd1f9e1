#!/usr/bin/env python3
"""vpsim_torch: write vpsim traces (traces/SCHEMA.md, version 2) from a PyTorch training run.

Train on GPUs with your own CPT / LDP / PFQ code; record which bits each Conv2d / Linear layer used
in every iteration; simulate that schedule with `build/vpsim trace info` / `build/vpsim run` (the
binary scripts/setup.sh builds, run from the repository root).
Needs only the standard library and torch (on Debian: /usr/bin/python3 with python3-torch).

    import vpsim_torch   # scripts/ on sys.path, or copy this file next to your training script

    rec = vpsim_torch.TraceRecorder(model, torch.zeros(1, 3, 32, 32), "run.trace.jsonl",
                                    model_name="resnet20", dataset="cifar10", batch=128,
                                    iterations=64000, iterations_per_epoch=391,
                                    schedule="cpt:3-8/8", bits_fn=my_quantizer.bits)
    with rec:
        for it, (x, y) in enumerate(batches):   # bits_fn(it, rec.quantized_names) -> bits
            rec.step(it)                        # or rec.step(it, bits=[(w, a, g), ...])
            train_step(x, y)
            if (it + 1) % 391 == 0:
                rec.metric(it // 391 + 1, loss=loss, test_acc=acc)   # epochs count from 1
    # -> build/vpsim trace info run.trace.jsonl

TraceRecorder(model, example_input, path, *, model_name=None, dataset, batch, iterations,
              iterations_per_epoch, schedule="external", schedule_params=None, bits_fn=None,
              quantized=None, names=None, post=None, first_layer_no_bwd_data=True, producer=None)
  Runs ONE forward pass of `model` on `example_input` (a tensor, a tuple of positional inputs or a
  dict of keyword inputs; its dim 0 is the batch) in eval mode under torch.no_grad(), with forward
  hooks on every nn.Conv2d and nn.Linear (subclasses included, e.g. your quantized conv), and records
  one vpsim layer per module, in execution order:
    Conv2d: kind "conv", or "depthwise" when groups == in_c == out_c > 1; in_c/out_c are totals over
            groups; in_h/in_w/out_h/out_w are the measured input and output maps; kernel, stride,
            pad, groups from the module. Non-square kernels are rejected (vpsim's MAC rule uses
            kernel^2); non-square stride/padding and dilation are recorded with a warning (the MACs
            stay exact since the output map is measured).
    Linear: kind "fc" on a 1x1 map, or "matmul" with out_h = tokens when the input has more than one
            row per sample (e.g. a transformer's [batch, tokens, features]).
  MACs per sample follow vpsim: out_c * in_c/groups * kernel^2 * out_h * out_w.
  Only modules whose forward runs are seen: functional F.conv2d / F.linear calls are invisible, and a
  module that runs twice in one forward pass (weight sharing) is rejected.
  Layer names are the qualified names from model.named_modules(); `names` renames them, either a dict
  {qualified name: trace name} (partial is fine) or a list with one name per recorded layer, in
  execution order, e.g. to match vpsim's model zoo (`build/vpsim trace gen ...` then read its header).
  `quantized(name, module) -> bool` (name = the trace name) says which layers are quantized; the
  default quantizes every layer except a final Linear (the classifier, kept FP32 as in the CPT codes).
  Unquantized layers get "quantized": false in the header and bits 32/32/32 in every run.
  Post ops (the vector unit's work after each GEMM, traces/layer_op.h): the torch calls made between
  one recorded layer and the next (outside any recorded module) are attributed to the earlier one:
  batch/layer/group/instance norm -> "bn"; relu, relu6, hardtanh, gelu, silu, sigmoid, tanh ->
  "relu"; max/avg/adaptive pooling -> "pool"; an add of two tensors of one shape -> "residual".
  "quantize" is set on every layer whose output feeds a quantized layer (the next one recorded), as
  vpsim's model zoo does. Calls before the first layer (input normalization) and softmax are not
  recorded. `post` overrides what was seen: a dict {trace name: "bn,relu"} ("" for none); quantize
  still follows the next layer.
  `first_layer_no_bwd_data`: the first layer has no bwd_data pass (nobody needs dL/d(image)).
  `iterations=None` lets close() take the number of recorded iterations.

recorder.step(iteration=None, bits=None) -> list of (w, a, g), one per layer
  Records the bits of `iteration` (must be the next one: 0, 1, 2, ...; None means the next).
  `bits`: a dict {layer name: (w, a, g)} over the quantized layers, a list of (w, a, g) with one
  entry per quantized layer or per layer (in the header's order), or one (w, a, g) for all quantized
  layers; tensors and numpy values are fine. If None, calls bits_fn(iteration, quantized_names).
  Bits must be integers in 1..32 (ValueError otherwise, naming iteration, layer and value); an
  unquantized layer may only be given 32/32/32. Consecutive identical iterations merge into one run
  line; a run in which fewer than half of the layers change is written in the "delta" form.
recorder.metric(epoch, **values)   a metric line {"epoch": e, ...}; NaN/inf are written as null.
recorder.close()   checks the runs cover [0, iterations) and writes the file atomically (temp file in
  the same folder + os.replace); nothing is written before. As a context manager, close() runs on a
  normal exit; after an exception the trace is discarded.
recorder.layers, .layer_names, .quantized_names, .macs_per_sample, .quantized_macs_per_sample

CLI: python3 vpsim_torch.py --demo OUT.jsonl [--iterations N] [--batch B] [--seed S]
  trains vpsim's zoo model `cnn` (fashion-mnist shapes, 1x28x28; conv 1->32, 32->64, 64->128 with
  maxpool after the first two, global avgpool, FP32 fc 128->10) for a few iterations on random data
  with fake quantization driven by a toy CPT-like bits callback, writes the trace, and prints one
  JSON object on stdout: {"trace", "iterations", "batch", "layers", "bits" (per iteration, per
  layer [w, a, g]), "loss"}.
"""

import argparse
import json
import math
import operator
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT = "vpsim-trace"
VERSION = 2
POST_OPS = ("bn", "relu", "residual", "pool", "quantize")  # vpsim's order (postOpsName)
FP32 = (32, 32, 32)

__all__ = ["TraceRecorder", "FORMAT", "VERSION"]


def _dumps(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _square(v, what, name):
    a, b = _pair(v)
    if a != b:
        warnings.warn(f"vpsim_torch: layer '{name}': non-square {what} {(a, b)} recorded as {a} "
                      f"(vpsim layers have one {what}; the MACs use the measured output map)")
    return int(a)


_POST_NAMES = (  # substrings of torch function names -> vpsim post op
    (("batch_norm", "layer_norm", "group_norm", "instance_norm"), "bn"),
    (("relu", "hardtanh", "gelu", "silu", "sigmoid", "tanh"), "relu"),
    (("max_pool", "avg_pool"), "pool"),
)


def _post_op_of(func, args):
    name = getattr(func, "__name__", "")
    for keys, op in _POST_NAMES:
        if any(k in name for k in keys):
            return op
    if name in ("add", "add_", "__add__", "__iadd__", "__radd__"):
        tensors = [a for a in args[:2] if isinstance(a, torch.Tensor)]
        if len(tensors) == 2 and tensors[0].shape == tensors[1].shape:
            return "residual"
    return None


class _CallWatcher(torch.overrides.TorchFunctionMode):
    """Sees every torch function and tensor method called under it (nested calls run unwatched)."""

    def __init__(self, on_call):
        super().__init__()
        self.on_call = on_call

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.on_call(func, args)
        return func(*args, **(kwargs or {}))


def _first_tensor(x):
    if isinstance(x, torch.Tensor):
        return x
    items = x.values() if isinstance(x, dict) else x if isinstance(x, (tuple, list)) else ()
    for v in items:
        t = _first_tensor(v)
        if t is not None:
            return t
    return None


def _bit(v, where):
    if hasattr(v, "item") and not isinstance(v, (int, float)):
        v = v.item()  # torch / numpy scalars
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 32:
        raise ValueError(f"{where}: bits must be integers in 1..32, got {v!r}")
    return v


def _is_scalar(v):
    if isinstance(v, torch.Tensor):
        return v.dim() == 0
    return not isinstance(v, (tuple, list, dict)) and not hasattr(v, "__len__")


def _metric_value(v):
    if hasattr(v, "item") and not isinstance(v, (int, float, str)):
        try:
            v = v.item()
        except (ValueError, RuntimeError):
            v = v.tolist()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


class TraceRecorder:
    """Records a model's Conv2d/Linear layers and per-iteration bits; writes a vpsim trace."""

    def __init__(self, model, example_input, path, *, model_name=None, dataset, batch, iterations,
                 iterations_per_epoch, schedule="external", schedule_params=None, bits_fn=None,
                 quantized=None, names=None, post=None, first_layer_no_bwd_data=True, producer=None):
        self.path = os.fspath(path)
        self.model_name = model_name or type(model).__name__.lower()
        self.dataset = str(dataset)
        self.batch = self._positive(batch, "batch")
        self.iterations = None if iterations is None else self._positive(iterations, "iterations")
        self.iterations_per_epoch = self._positive(iterations_per_epoch, "iterations_per_epoch")
        self.schedule = str(schedule)
        self.schedule_params = dict(schedule_params or {})
        try:
            _dumps(self.schedule_params)
        except (TypeError, ValueError) as e:
            raise ValueError(f"vpsim_torch: schedule_params must be plain JSON values: {e}") from None
        self.bits_fn = bits_fn
        self.producer = producer or f"vpsim_torch.py (torch {torch.__version__})"

        modules = self._trace_layers(model, example_input)
        self._rename(names)
        if not self._layers:
            raise ValueError("vpsim_torch: the forward pass ran no nn.Conv2d or nn.Linear module")
        self._set_quantized(quantized, modules)
        self._set_post(post)
        if first_layer_no_bwd_data:
            self._layers[0]["has_bwd_data"] = False
        self._index = {layer["name"]: i for i, layer in enumerate(self._layers)}
        self._qidx = [i for i, layer in enumerate(self._layers) if layer["quantized"]]

        self._next = 0           # next iteration to record
        self._pending = None     # [start, end, bits] of the run being extended
        self._last_written = None
        self._lines = []         # run lines, as (end iteration, text)
        self._metrics = []       # (iterations recorded when metric() was called, text)
        self._closed = False

    # ---- layers ---------------------------------------------------------------------------------

    @staticmethod
    def _positive(v, what):
        try:
            v = operator.index(v)
        except TypeError:
            raise ValueError(f"vpsim_torch: {what} must be an integer >= 1, got {v!r}") from None
        if v < 1:
            raise ValueError(f"vpsim_torch: {what} must be an integer >= 1, got {v}")
        return v

    def _trace_layers(self, model, example_input):
        first = _first_tensor(example_input)
        if first is None or first.dim() == 0:
            raise ValueError("vpsim_torch: example_input needs a tensor whose dim 0 is the batch")
        n = first.shape[0]
        self._layers, modules, seen, hooks = [], [], {}, []
        depth = [0]  # > 0 while a recorded module's own forward runs (its calls are not post ops)

        def enter(mod, inputs):
            depth[0] += 1

        def hook(qname, module):
            def record(mod, inputs, output):
                depth[0] -= 1
                if qname in seen:
                    raise ValueError(f"vpsim_torch: module '{qname}' ran twice in one forward pass "
                                     "(shared weights); record one module per vpsim layer")
                seen[qname] = True
                layer = self._describe(qname, mod, inputs[0], output, n)
                layer["_post"] = set()
                self._layers.append(layer)
                modules.append(mod)
            return record

        def seen_call(func, args):
            if depth[0] == 0 and self._layers:
                op = _post_op_of(func, args)
                if op:
                    self._layers[-1]["_post"].add(op)

        for qname, module in model.named_modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                hooks.append(module.register_forward_pre_hook(enter))
                hooks.append(module.register_forward_hook(hook(qname or "model", module)))
        modes = {m: m.training for m in model.modules()}
        try:
            model.eval()
            with torch.no_grad(), _CallWatcher(seen_call):
                if isinstance(example_input, dict):
                    model(**example_input)
                elif isinstance(example_input, (tuple, list)):
                    model(*example_input)
                else:
                    model(example_input)
        finally:
            for h in hooks:
                h.remove()
            for m, training in modes.items():
                m.training = training
        return modules

    @staticmethod
    def _describe(name, mod, x, y, n):
        if isinstance(mod, nn.Conv2d):
            if x.dim() < 3 or y.dim() < 3:
                raise ValueError(f"vpsim_torch: conv '{name}' input/output is not [N,] C, H, W")
            in_c, in_h, in_w = (int(s) for s in x.shape[-3:])
            out_c, out_h, out_w = (int(s) for s in y.shape[-3:])
            kh, kw = _pair(mod.kernel_size)
            if kh != kw:
                raise ValueError(f"vpsim_torch: conv '{name}' has a non-square kernel {(kh, kw)}; "
                                 "vpsim layers are kernel x kernel")
            if _pair(mod.dilation) != (1, 1):
                warnings.warn(f"vpsim_torch: conv '{name}' is dilated {mod.dilation}; recorded as a "
                              "plain conv (MACs exact, input footprint not)")
            if isinstance(mod.padding, str):  # 'valid' or 'same'
                pad = 0 if mod.padding == "valid" else _pair(mod.dilation)[0] * (kh - 1) // 2
            else:
                pad = _square(mod.padding, "padding", name)
            groups = int(mod.groups)
            kind = "depthwise" if groups > 1 and groups == in_c == out_c else "conv"
            layer = dict(kind=kind, in_c=in_c, out_c=out_c, in_h=in_h, in_w=in_w, out_h=out_h,
                         out_w=out_w, kernel=int(kh), stride=_square(mod.stride, "stride", name),
                         pad=pad, groups=groups)
        else:
            tokens = x.numel() // max(int(mod.in_features), 1) // max(int(n), 1)
            if x.dim() <= 2 or tokens <= 1:
                layer = dict(kind="fc", in_h=1, in_w=1, out_h=1, out_w=1)
            else:
                layer = dict(kind="matmul", in_h=tokens, in_w=1, out_h=tokens, out_w=1)
            layer.update(in_c=int(mod.in_features), out_c=int(mod.out_features), kernel=1, stride=1,
                         pad=0, groups=1)
        layer["name"] = name
        layer["macs_per_sample"] = (layer["out_c"] * (layer["in_c"] // layer["groups"]) *
                                    layer["kernel"] ** 2 * layer["out_h"] * layer["out_w"])
        layer["has_bwd_data"] = True
        layer["quantized"] = True
        return layer

    def _rename(self, names):
        if names is None:
            pass
        elif isinstance(names, dict):
            known = {layer["name"] for layer in self._layers}
            unknown = sorted(set(names) - known)
            if unknown:
                raise ValueError(f"vpsim_torch: names= has unknown modules {unknown}; "
                                 f"recorded: {[layer['name'] for layer in self._layers]}")
            for layer in self._layers:
                layer["name"] = str(names.get(layer["name"], layer["name"]))
        else:
            names = list(names)
            if len(names) != len(self._layers):
                raise ValueError(f"vpsim_torch: names= has {len(names)} entries, the forward pass "
                                 f"recorded {len(self._layers)} layers: "
                                 f"{[layer['name'] for layer in self._layers]}")
            for layer, new in zip(self._layers, names):
                layer["name"] = str(new)
        dup = sorted({l["name"] for l in self._layers
                      if sum(m["name"] == l["name"] for m in self._layers) > 1})
        if dup:
            raise ValueError(f"vpsim_torch: duplicate layer names {dup}")

    def _set_post(self, post):
        post = dict(post or {})
        unknown = sorted(set(post) - {layer["name"] for layer in self._layers})
        if unknown:
            raise ValueError(f"vpsim_torch: post= has unknown layers {unknown}")
        for i, layer in enumerate(self._layers):
            ops = layer.pop("_post")
            if layer["name"] in post:
                given = [o for o in str(post[layer["name"]]).split(",") if o]
                bad = sorted(set(given) - set(POST_OPS[:-1]))
                if bad:
                    raise ValueError(f"vpsim_torch: post= for '{layer['name']}' has unknown ops {bad} "
                                     f"(expected {', '.join(POST_OPS[:-1])})")
                ops = set(given)
            if i + 1 < len(self._layers) and self._layers[i + 1]["quantized"]:
                ops.add("quantize")
            if ops:
                layer["post"] = ",".join(o for o in POST_OPS if o in ops)

    def _set_quantized(self, quantized, modules):
        for i, (layer, mod) in enumerate(zip(self._layers, modules)):
            if quantized is None:
                layer["quantized"] = not (i == len(self._layers) - 1 and isinstance(mod, nn.Linear))
            else:
                layer["quantized"] = bool(quantized(layer["name"], mod))

    @property
    def layers(self):
        return [dict(layer) for layer in self._layers]

    @property
    def layer_names(self):
        return [layer["name"] for layer in self._layers]

    @property
    def quantized_names(self):
        return [self._layers[i]["name"] for i in self._qidx]

    @property
    def macs_per_sample(self):
        return sum(layer["macs_per_sample"] for layer in self._layers)

    @property
    def quantized_macs_per_sample(self):
        return sum(layer["macs_per_sample"] for layer in self._layers if layer["quantized"])

    # ---- bits ---------------------------------------------------------------------------------

    def _triple(self, t, where):
        if isinstance(t, torch.Tensor):
            t = t.tolist()
        if _is_scalar(t) or len(t) != 3:
            raise ValueError(f"{where}: expected (w, a, g), got {t!r}")
        return tuple(_bit(v, f"{where} ({field})") for v, field in zip(t, "wag"))

    def _row(self, bits, iteration):
        at = f"vpsim_torch: iteration {iteration}"
        n, row = len(self._layers), [FP32] * len(self._layers)
        given = {}  # layer index -> triple
        if isinstance(bits, torch.Tensor) or hasattr(bits, "tolist") and not isinstance(bits, (list, tuple)):
            bits = bits.tolist()
        if isinstance(bits, dict):
            for name, t in bits.items():
                if name not in self._index:
                    raise ValueError(f"{at}: unknown layer '{name}' (layers: {self.layer_names})")
                given[self._index[name]] = t
            missing = [self._layers[i]["name"] for i in self._qidx if i not in given]
            if missing:
                raise ValueError(f"{at}: no bits for quantized layers {missing}")
        elif isinstance(bits, (list, tuple)) and len(bits) == 3 and all(_is_scalar(v) for v in bits):
            given = {i: bits for i in self._qidx}
        elif isinstance(bits, (list, tuple)):
            if len(bits) == len(self._qidx):
                given = dict(zip(self._qidx, bits))
            elif len(bits) == n:
                given = {i: t for i, t in enumerate(bits) if t is not None or self._layers[i]["quantized"]}
            else:
                raise ValueError(f"{at}: bits has {len(bits)} rows; expected {len(self._qidx)} "
                                 f"(quantized layers {self.quantized_names}) or {n} (all layers)")
        else:
            raise ValueError(f"{at}: bits must be a dict, a list of (w, a, g) or one (w, a, g), "
                             f"got {type(bits).__name__}")
        for i, t in given.items():
            layer = self._layers[i]
            triple = self._triple(t, f"{at}, layer '{layer['name']}'")
            if not layer["quantized"] and triple != FP32:
                raise ValueError(f"{at}: layer '{layer['name']}' is not quantized (FP32); "
                                 f"its bits must be 32/32/32, got {triple}")
            row[i] = triple
        return row

    def step(self, iteration=None, bits=None):
        """Records the bits of `iteration` (the next one); returns the full row of (w, a, g)."""
        self._check_open()
        iteration = self._next if iteration is None else operator.index(iteration)
        if iteration != self._next:
            raise ValueError(f"vpsim_torch: step({iteration}) but the next iteration is {self._next} "
                             "(call step() once per iteration, from 0)")
        if self.iterations is not None and iteration >= self.iterations:
            raise ValueError(f"vpsim_torch: step({iteration}) is past iterations={self.iterations}")
        if bits is None:
            if self.bits_fn is None:
                raise ValueError("vpsim_torch: step() needs bits= or a bits_fn")
            bits = self.bits_fn(iteration, self.quantized_names)
        row = self._row(bits, iteration)
        if self._pending is not None and self._pending[2] == row:
            self._pending[1] = iteration + 1
        else:
            self._flush()
            self._pending = [iteration, iteration + 1, row]
        self._next = iteration + 1
        return row

    def _flush(self):
        if self._pending is None:
            return
        start, end, row = self._pending
        line = {"iters": [start, end]}
        old = self._last_written
        delta = [] if old is None else [[i, *t] for i, (t, o) in enumerate(zip(row, old)) if t != o]
        if old is not None and 2 * len(delta) < len(row):
            line["delta"] = delta
        else:
            line["bits"] = [list(t) for t in row]
        self._lines.append((end, _dumps(line)))
        self._last_written, self._pending = row, None

    # ---- metrics, close -------------------------------------------------------------------------

    def metric(self, epoch, **values):
        """Adds a metric line {"epoch": epoch, **values} (tensors become numbers, NaN becomes null)."""
        self._check_open()
        if isinstance(epoch, bool):
            raise ValueError("vpsim_torch: metric epoch must be an integer")
        try:
            epoch = operator.index(epoch)
        except TypeError:
            raise ValueError(f"vpsim_torch: metric epoch must be an integer, got {epoch!r}") from None
        if "iters" in values:
            raise ValueError("vpsim_torch: a metric line cannot have an 'iters' key")
        line = {"epoch": epoch}
        line.update({k: _metric_value(v) for k, v in values.items()})
        try:
            text = _dumps(line)
        except (TypeError, ValueError) as e:
            raise ValueError(f"vpsim_torch: metric values must be JSON numbers/strings: {e}") from None
        self._metrics.append((self._next, text))

    def _check_open(self):
        if self._closed:
            raise ValueError("vpsim_torch: recorder is closed")

    def close(self):
        """Checks coverage of [0, iterations) and writes the trace atomically. Idempotent."""
        if self._closed:
            return
        if self._next == 0:
            raise ValueError("vpsim_torch: no iterations recorded (call step() once per iteration)")
        if self.iterations is not None and self._next != self.iterations:
            raise ValueError(f"vpsim_torch: the runs cover [0, {self._next}) but iterations="
                             f"{self.iterations}; record every iteration or pass iterations=None")
        self._flush()
        header = {"format": FORMAT, "version": VERSION, "model": self.model_name,
                  "dataset": self.dataset, "batch": self.batch, "iterations": self._next,
                  "iterations_per_epoch": self.iterations_per_epoch,
                  "schedule": {"spec": self.schedule, "params": self.schedule_params},
                  "producer": self.producer, "layers": self._layers}
        out, metrics = [_dumps(header)], list(self._metrics)
        for end, text in self._lines:
            out.append(text)
            while metrics and metrics[0][0] <= end:
                out.append(metrics.pop(0)[1])
        out.extend(text for _, text in metrics)
        self._write_atomically("\n".join(out) + "\n")
        self._closed = True

    def discard(self):
        """Closes without writing anything."""
        self._closed = True

    def _write_atomically(self, text):
        folder = os.path.dirname(os.path.abspath(self.path))
        tmp = os.path.join(folder, f".{os.path.basename(self.path)}.{os.getpid()}.{id(self):x}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            self.discard()
        return False


# ---- demo: vpsim's zoo `cnn` on fashion-mnist shapes, fake-quantized by a toy CPT-like callback ----

def _fake_quant(x, bits):
    """Symmetric max-abs fake quantization with a straight-through gradient (None = FP32)."""
    if bits is None or bits >= 32:
        return x
    scale = x.detach().abs().max().clamp(min=1e-12) / max(2 ** (bits - 1) - 1, 1)
    return x + (torch.round(x / scale) * scale - x).detach()


class _GradQuant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, bits):
        ctx.bits = bits
        return y.view_as(y)

    @staticmethod
    def backward(ctx, g):
        return _fake_quant(g, ctx.bits), None


class _QConv2d(nn.Conv2d):
    """Conv2d with weight, input and output-gradient fake quantization at (w, a, g) bits."""
    bits = None

    def forward(self, x):
        if self.bits is None:
            return super().forward(x)
        w, a, g = self.bits
        y = self._conv_forward(_fake_quant(x, a), _fake_quant(self.weight, w), self.bias)
        return _GradQuant.apply(y, g)


class _DemoCnn(nn.Module):
    """vpsim's zoo `cnn` for 1x28x28 inputs (workloads/zoo_cifar.cpp, smallCnn)."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1, self.bn1 = _QConv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)
        self.conv2, self.bn2 = _QConv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)
        self.conv3, self.bn3 = _QConv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128)
        self.fc = nn.Linear(128, classes)  # FP32

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.relu(self.bn3(self.conv3(x)))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class _ToyCpt:
    """A toy CPT-like quantizer: w = a cycle between lo and hi bits (cosine ramp, each level held
    `hold` iterations), g fixed; layer l lags l iterations behind the stem (so some runs change one
    layer only and are written as deltas). It sets the bits on the model's modules and returns them:
    the callback a user's own quantizer would provide."""

    def __init__(self, model, lo=3, hi=8, g=8, cycle=4, hold=2):
        self.model, self.lo, self.hi, self.g, self.cycle, self.hold = model, lo, hi, g, cycle, hold

    def level(self, t):
        t = max(t, 0) // self.hold
        phase = (t % self.cycle) / self.cycle
        return math.ceil(self.lo + 0.5 * (self.hi - self.lo) * (1 - math.cos(math.pi * phase)) - 1e-9)

    def __call__(self, iteration, names):
        bits = {}
        for lag, name in enumerate(names):
            b = self.level(iteration - lag)
            bits[name] = (b, b, self.g)
            self.model.get_submodule(name).bits = bits[name]
        return bits


def demo(out, iterations=12, batch=32, seed=0):
    torch.manual_seed(seed)
    model = _DemoCnn()
    quantizer = _ToyCpt(model)
    rec = TraceRecorder(model, torch.zeros(1, 1, 28, 28), out, model_name="cnn",
                        dataset="fashion-mnist", batch=batch, iterations=iterations,
                        iterations_per_epoch=math.ceil(60000 / batch), schedule="toy-cpt:3-8/8",
                        schedule_params={"cycle": quantizer.cycle, "hold": quantizer.hold},
                        bits_fn=quantizer)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    rows, losses = [], []
    with rec:
        model.train()
        for it in range(iterations):
            rows.append([list(t) for t in rec.step(it)])  # calls quantizer(it, names)
            x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(round(loss.item(), 6))
        rec.metric(1, loss=sum(losses) / len(losses))  # epochs count from 1, as vpsim train writes them
    return {"trace": out, "iterations": iterations, "batch": batch, "layers": rec.layer_names,
            "bits": rows, "loss": losses}


def main(argv=None):
    p = argparse.ArgumentParser(description="vpsim trace recorder for PyTorch (see the module "
                                "docstring for the API); --demo trains the zoo's `cnn` a few "
                                "iterations with a toy CPT-like schedule and writes its trace.")
    p.add_argument("--demo", metavar="OUT.jsonl", required=True, help="trace file to write")
    p.add_argument("--iterations", type=int, default=12)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    print(json.dumps(demo(args.demo, args.iterations, args.batch, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
