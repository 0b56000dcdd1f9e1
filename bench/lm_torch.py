"""PyTorch reference for vpsim's LSTM language model: the same corpus split, vocabulary, stream
batching, model (embedding, 2-layer LSTM, linear decoder) and recipe (plain SGD, gradient norm
clipping, constant LR, carried state), FP32. Prints one line per epoch: epoch, valid perplexity.
Corpus: the Vim user manual (usr_*.txt, Debian's vim-runtime), split by lines 90/5/5 as vpsim's
`vimdoc` dataset; tokens are byte-whitespace separated with <eos> per line; the vocabulary keeps the
vocab - 1 most frequent training words (ties: first seen) and <unk>.
Usage: /usr/bin/python3 bench/lm_torch.py --width 64 --subset 60000 --epochs 4 [--vocab 500 ...]"""
import argparse
import collections
import glob
import math

import torch
import torch.nn as nn


def corpus(vocab_cap, subset, test_subset):
    lines = []
    for f in sorted(glob.glob("/usr/share/vim/vim*/doc/usr_*.txt")):
        parts = open(f, "rb").read().split(b"\n")
        lines += parts[:-1] if parts and parts[-1] == b"" else parts
    n = len(lines)
    tok = lambda ls: [w for l in ls for w in l.split() + [b"<eos>"]]
    train, valid = tok(lines[: n * 9 // 10]), tok(lines[n * 9 // 10 : n * 19 // 20])
    counts, first = collections.Counter(train), {}
    for i, w in enumerate(train):
        first.setdefault(w, i)
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))][: vocab_cap - 1]
    ids = {w: i for i, w in enumerate(words + [b"<unk>"])}
    enc = lambda ts: torch.tensor([ids.get(w, vocab_cap - 1) for w in ts])
    return enc(train[:subset] if subset else train), enc(valid[:test_subset] if test_subset else valid)


class LstmLm(nn.Module):
    def __init__(self, vocab, width, layers):
        super().__init__()
        self.embed, self.lstm = nn.Embedding(vocab, width), nn.LSTM(width, width, layers, batch_first=True)
        self.decoder = nn.Linear(width, vocab)
        self.embed.weight.data.uniform_(-0.1, 0.1)

    def forward(self, x, h):
        y, h = self.lstm(self.embed(x), h)
        return self.decoder(y), h


def main():
    ap = argparse.ArgumentParser()
    for k, v in [("width", 64), ("layers", 2), ("vocab", 500), ("batch", 16), ("steps", 16), ("subset", 60000),
                 ("test_subset", 4000), ("epochs", 4), ("seed", 1), ("threads", 2)]:
        ap.add_argument("--" + k, type=int, default=v)
    ap.add_argument("--lr", type=float, default=1.0)
    ap.add_argument("--clip", type=float, default=5.0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    train, valid = corpus(a.vocab, a.subset, a.test_subset)
    streams = lambda t: t[: len(t) // a.batch * a.batch].view(a.batch, -1)
    tr, va = streams(train), streams(valid)
    model = LstmLm(a.vocab, a.width, a.layers)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    loss_of = lambda o, y: nn.functional.cross_entropy(o.reshape(-1, a.vocab), y.reshape(-1), reduction="sum")
    for epoch in range(1, a.epochs + 1):
        h = None
        for i in range((tr.shape[1] - 1) // a.steps):
            x, y = tr[:, i * a.steps : (i + 1) * a.steps], tr[:, i * a.steps + 1 : (i + 1) * a.steps + 1]
            h = None if h is None else tuple(v.detach() for v in h)
            out, h = model(x, h)
            loss = loss_of(out, y) / y.numel()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
        total, count, h = 0.0, 0, None
        with torch.no_grad():
            for i in range((va.shape[1] - 1) // a.steps):
                x, y = va[:, i * a.steps : (i + 1) * a.steps], va[:, i * a.steps + 1 : (i + 1) * a.steps + 1]
                out, h = model(x, h)
                total, count = total + loss_of(out, y).item(), count + y.numel()
        print(f"{epoch} {math.exp(total / count):.2f}", flush=True)


if __name__ == "__main__":
    main()
