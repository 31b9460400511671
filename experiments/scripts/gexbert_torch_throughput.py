#!/usr/bin/env python3
"""GexBERT pre-training throughput in PyTorch (CPU), the peer of org.genex.bench.GexbertBench.

The same architecture and step as genex's small configuration (specs/gexbert.md section 3): gene embedding [1000, 64]
+ level embedding [12, 64]; [CLS] + 89 observed tokens through 2 pre-LN nn.TransformerEncoderLayer (d 64, 4 heads,
FFN 256, GELU, dropout 0.1) + LayerNorm; decoder = the 90 states + 39 queries (gene + missing embedding) through 1
such layer + LayerNorm; Linear(64, 11) level head; loss = cross-entropy over the queries' levels + MSE of the
expected value sum_j softmax_j c_{gene, j}; AdamW(lr 1e-3, wd 0.01). Batch 32, 8 pre-drawn batches cycled.
Throughput = 32 x 128 sampled gene tokens per step.

Usage: /usr/bin/python3 experiments/scripts/gexbert_torch_throughput.py [threads] [seconds]
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

G, LEVELS, D, HEADS, L_ENC, L_DEC, FFN, DROP = 1000, 10, 64, 4, 2, 1, 256, 0.1
SAMPLED, MASKED, B = 128, 39, 32


class Gexbert(nn.Module):
    def __init__(self):
        super().__init__()
        self.gene_embedding = nn.Embedding(G, D)
        self.level_embedding = nn.Embedding(LEVELS + 2, D)
        self.cls_token = nn.Parameter(torch.randn(1, 1, D) * 0.02)

        def stack(n):
            layer = nn.TransformerEncoderLayer(D, HEADS, FFN, DROP, activation="gelu", batch_first=True,
                                               norm_first=True)
            return nn.TransformerEncoder(layer, n, norm=nn.LayerNorm(D), enable_nested_tensor=False)

        self.encoder = stack(L_ENC)
        self.decoder = stack(L_DEC)
        self.level_head = nn.Linear(D, LEVELS + 1)
        self.register_buffer("centres", torch.rand(G, LEVELS + 1) * 10)

    def loss(self, genes, levels, queries, targets, values):
        b, n = genes.shape
        m = queries.shape[1]
        x = self.gene_embedding(genes) + self.level_embedding(levels)
        h = self.encoder(torch.cat([self.cls_token.expand(b, 1, D), x], 1))
        q = self.gene_embedding(queries) + self.level_embedding.weight[LEVELS + 1]
        u = self.decoder(torch.cat([h, q], 1))[:, n + 1:].reshape(b * m, D)
        logits = self.level_head(u)
        ce = F.cross_entropy(logits, targets.reshape(-1))
        v = (logits.softmax(-1) * self.centres[queries.reshape(-1)]).sum(-1)
        return ce + F.mse_loss(v, values.reshape(-1))


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Gexbert()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    batches = []
    n = SAMPLED - MASKED
    for _ in range(8):
        pick = torch.stack([torch.randperm(G)[:SAMPLED] for _ in range(B)])
        batches.append((pick[:, MASKED:], torch.randint(0, LEVELS + 1, (B, n)), pick[:, :MASKED],
                        torch.randint(0, LEVELS + 1, (B, MASKED)), torch.rand(B, MASKED) * 10))

    def step(i):
        opt.zero_grad()
        loss = model.loss(*batches[i % 8])
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(10):
        step(i)
    t0 = time.perf_counter()
    steps = 0
    while time.perf_counter() - t0 < seconds:
        step(steps)
        steps += 1
    s = time.perf_counter() - t0
    print(f"torch {torch.__version__} GexBERT small: {steps} steps in {s:.2f} s, {1000 * s / steps:.1f} ms/step, "
          f"{steps * B * SAMPLED / s:.0f} tokens/s ({threads} threads)")


if __name__ == "__main__":
    main()
