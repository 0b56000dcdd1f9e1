"""PyTorch CPU baseline for bench_train_bench: the same small CNN / ResNet-20 (28x28x1, 10 classes),
same batch and thread count, FP32 training step (forward, cross-entropy, backward, SGD momentum).
Prints one JSON line per model: model, batch, threads, images_per_s, wall_ms_per_iter, cpu_ms_per_iter.
Usage: /usr/bin/python3 bench/train_torch.py --batch 128 --threads 2 --iters 10 [--models cnn,resnet20]"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCnn(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)
        self.c2, self.b2 = nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)
        self.c3, self.b3 = nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128)
        self.fc = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        x = F.relu(self.b3(self.c3(x)))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(out + (self.down(x) if self.down is not None else x))


class ResNet20(nn.Module):
    def __init__(self, cin=1, classes=10, n=3):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16)
        layers, c = [], 16
        for stage, width in enumerate([16, 32, 64]):
            for b in range(n):
                layers.append(Block(c, width, 2 if stage > 0 and b == 0 else 1))
                c = width
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.layers(F.relu(self.b1(self.c1(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def bench(model, batch, iters):
    torch.manual_seed(0)
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    for i in range(iters + 2):  # two warm-up iterations
        if i == 2:
            t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return (time.perf_counter() - t0) / iters, (time.process_time() - c0) / iters


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--models", default="cnn,resnet20")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    for name in a.models.split(","):
        model = SmallCnn() if name == "cnn" else ResNet20()
        s, cpu = bench(model, a.batch, a.iters)
        print(json.dumps({"model": name, "batch": a.batch, "threads": a.threads, "images_per_s": round(a.batch / s),
                          "wall_ms_per_iter": round(1000 * s, 1), "cpu_ms_per_iter": round(1000 * cpu, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
