#!/usr/bin/env python3
"""Golden values for autodiff/src/test/java/org/genex/autodiff/GoldenTest.java, computed by PyTorch.

Run from the repository root (needs only PyTorch and NumPy; no network, no `safetensors` package):

    /usr/bin/python3 autodiff/scripts/golden.py

It (re)writes autodiff/src/test/resources/golden/*.safetensors. The script is deterministic: each case draws its
values from its own seeded torch.Generator, so a re-run gives byte-identical files (it prints a SHA-256 of each).

Precision. Inputs and parameters are drawn in float64 and rounded to float32 (the values genex reads are then
exactly the values PyTorch used); every graph is then evaluated and differentiated in float64, and the outputs and
gradients are rounded to float32 when written. The golden values are so the exact results rounded once, and the
test's tolerance has to absorb only genex's own float32 rounding, not PyTorch's as well (a float32 PyTorch run would
differ from the exact values by about as much as genex does, doubling the error the test must allow).

Each file holds, under plain names: the inputs and parameters (F32; integer inputs such as token ids and targets
as I64), the graph's output(s) and the scalar "loss", and "grad.<name>" for every float input and parameter: the
gradient of the loss with respect to it. Linear weights are stored as PyTorch keeps them, [out, in]: y = x W^T + b.
The __metadata__ holds a description of the graph, the torch version and this script's name.

The cases:
  mlp        x [4, 16] -> Linear(16, 32) -> tanh -> Linear(32, 32) -> GELU (exact) -> Linear(32, 8) = out;
             loss = mse_loss(out, target) (mean).
  attention  x [2, 5, 16]; q, k, v = Linear(16, 16)(x), split into 4 heads of 4 ([2, 4, 5, 4]);
             o = softmax(q k^T / sqrt(4) + causal mask) v, heads merged back to [2, 5, 16]; out = Linear(16, 16)(o);
             loss = sum(out^2). (torch 1.13 has no public scaled_dot_product_attention: written out, and checked
             against its private F._scaled_dot_product_attention where present.) grad.bk is 0 in exact arithmetic
             (q . bk is the same for every key of a row, and softmax ignores a shift): it holds rounding noise.
  layernorm  x [4, 6, 10] -> LayerNorm(10) (affine) -> Linear(10, 12) -> ReLU -> LayerNorm(12) without affine = out;
             loss = mean(out * probe), probe a fixed [4, 6, 12] input. (A plain mean of a layer norm's output without
             affine is 0 for every x, so its gradients would all be 0: the probe makes the loss informative.)
  embedding  table [20, 8], ids [3, 7] with padding id 0; e = table[ids] * mask[..., None] (mask = ids != 0);
             s = e.sum(1) [3, 8]; out = s @ w (w [8]) = [3]; loss = sum(out^2).
  crossentropy  logits [9, 5], targets [9] with three rows ignore_index -100, class weights [5], label smoothing
             0.1: loss = cross_entropy(logits, targets, weight, ignore_index=-100, label_smoothing=0.1) (mean);
             "losses" holds the same with reduction='none' (the per-row terms), "loss_sum" with reduction='sum'.
"""
import hashlib
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "golden")
F64 = torch.float64


# ---------------------------------------------------------------------------------------------- safetensors writer

def safetensors_bytes(tensors, metadata):
    """The bytes of a safetensors file: 8-byte little-endian header length N, N bytes of compact JSON (padded with
    spaces to a multiple of 8), then the data. tensors: name -> numpy array (float32 or int64). Data order as the
    reference writer: by dtype (I64 before F32), then by name; so every tensor starts 8-byte aligned."""
    dtype_names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}
    rank = {"I64": 0, "F32": 1}
    items = []
    for name, a in tensors.items():
        a = np.asarray(a)                                # keeps rank 0 (np.ascontiguousarray makes it [1])
        if not a.flags.c_contiguous:
            a = a.copy(order="C")
        if a.dtype not in dtype_names:
            raise ValueError(f"{name}: dtype {a.dtype} is not float32 or int64")
        items.append((rank[dtype_names[a.dtype]], name, dtype_names[a.dtype], a))
    items.sort(key=lambda t: (t[0], t[1]))
    header = {"__metadata__": metadata}
    chunks, offset = [], 0
    for _, name, dtype, a in items:
        data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write_case(name, description, inputs, outputs, loss):
    """Differentiates loss with respect to every input that requires a gradient, then writes NAME.safetensors."""
    leaves = {k: v for k, v in inputs.items() if v.requires_grad}
    grads = torch.autograd.grad(loss, list(leaves.values()))
    tensors = {}
    for k, v in inputs.items():
        tensors[k] = np.asarray(v.detach().numpy(), dtype=np.float32 if v.is_floating_point() else np.int64)
    for k, v in outputs.items():
        tensors[k] = np.asarray(v.detach().numpy(), dtype=np.float32)
    tensors["loss"] = np.asarray(loss.detach().numpy(), dtype=np.float32)
    for k, g in zip(leaves, grads):
        tensors["grad." + k] = np.asarray(g.numpy(), dtype=np.float32)
    metadata = {
        "description": description,
        "torch": torch.__version__,
        "generator": "autodiff/scripts/golden.py",
        "precision": "inputs float32-exact; graph and gradients computed in float64, stored as float32",
    }
    data = safetensors_bytes(tensors, metadata)
    path = os.path.join(OUT_DIR, name + ".safetensors")
    with open(path, "wb") as f:
        f.write(data)
    print(f"{name}.safetensors  {len(data):6d} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}"
          f"  loss {loss.item():.9g}")


# ---------------------------------------------------------------------------------------------- helpers

def draw(gen, *shape, scale=1.0):
    """Normal values, rounded to float32 and held in float64 (so float32 readers see exactly these), as a leaf."""
    x = (torch.randn(*shape, generator=gen, dtype=F64) * scale).float().double()
    return x.requires_grad_(True)


def linear_params(gen, fan_in, fan_out):
    """A Linear layer's weight [out, in] and bias [out], scaled as PyTorch's default init roughly is."""
    s = fan_in ** -0.5
    return draw(gen, fan_out, fan_in, scale=s), draw(gen, fan_out, scale=s)


def away_from_zero(t, what, margin=1e-3):
    """Guards a kink (ReLU at 0): a value this close would make float32 and float64 disagree on the branch."""
    m = t.detach().abs().min().item()
    if m < margin:
        sys.exit(f"{what}: a value {m:.3g} lies within {margin} of the kink at 0; pick another seed")


# ---------------------------------------------------------------------------------------------- cases

def mlp():
    g = torch.Generator().manual_seed(101)
    x, target = draw(g, 4, 16), draw(g, 4, 8)
    w1, b1 = linear_params(g, 16, 32)
    w2, b2 = linear_params(g, 32, 32)
    w3, b3 = linear_params(g, 32, 8)
    h1 = torch.tanh(F.linear(x, w1, b1))
    h2 = F.gelu(F.linear(h1, w2, b2))                     # approximate='none': x Phi(x) with erf
    out = F.linear(h2, w3, b3)
    loss = F.mse_loss(out, target)
    write_case("mlp", "x [4,16] -> Linear(16,32) -> tanh -> Linear(32,32) -> gelu (exact, erf) -> Linear(32,8) = out;"
               " loss = mse_loss(out, target), reduction mean. Linear weights [out,in]: y = x W^T + b.",
               {"x": x, "target": target, "w1": w1, "b1": b1, "w2": w2, "b2": b2, "w3": w3, "b3": b3},
               {"out": out}, loss)


def attention():
    g = torch.Generator().manual_seed(202)
    b, l, d, heads = 2, 5, 16, 4
    hd = d // heads
    x = draw(g, b, l, d)
    wq, bq = linear_params(g, d, d)
    wk, bk = linear_params(g, d, d)
    wv, bv = linear_params(g, d, d)
    wo, bo = linear_params(g, d, d)

    def split(t):                                        # [b, l, d] -> [b, heads, l, hd]
        return t.reshape(b, l, heads, hd).permute(0, 2, 1, 3)

    q, k, v = split(F.linear(x, wq, bq)), split(F.linear(x, wk, bk)), split(F.linear(x, wv, bv))
    mask = torch.full((l, l), float("-inf"), dtype=F64).triu(1)     # -inf where key j > query i
    scores = q @ k.transpose(-2, -1) / hd ** 0.5 + mask
    o = torch.softmax(scores, dim=-1) @ v                            # [b, heads, l, hd]
    if hasattr(F, "_scaled_dot_product_attention"):                  # torch 1.13's private fused op, as a check
        o2 = F._scaled_dot_product_attention(q, k, v, is_causal=True)[0]
        assert torch.allclose(o, o2, rtol=1e-12, atol=1e-12), "written-out attention != torch's fused one"
    merged = o.permute(0, 2, 1, 3).reshape(b, l, d)
    out = F.linear(merged, wo, bo)
    loss = (out ** 2).sum()
    write_case("attention", "x [2,5,16]; q,k,v = Linear(16,16)(x) each (weights [out,in]), split into 4 heads:"
               " [2,4,5,4]; o = softmax(q k^T / sqrt(4) + causal mask) v (key j hidden from query i when j > i);"
               " heads merged to [2,5,16]; out = Linear(16,16)(o); loss = sum(out^2).",
               {"x": x, "wq": wq, "bq": bq, "wk": wk, "bk": bk, "wv": wv, "bv": bv, "wo": wo, "bo": bo},
               {"attn": o, "out": out}, loss)


def layernorm():
    g = torch.Generator().manual_seed(303)
    x = draw(g, 4, 6, 10, scale=2.0)
    gamma = (1 + 0.2 * torch.randn(10, generator=g, dtype=F64)).float().double().requires_grad_(True)
    beta = draw(g, 10, scale=0.2)
    w, bias = linear_params(g, 10, 12)
    probe = draw(g, 4, 6, 12)
    h = F.layer_norm(x, (10,), gamma, beta, eps=1e-5)
    pre = F.linear(h, w, bias)
    away_from_zero(pre, "layernorm: the ReLU input")
    out = F.layer_norm(torch.relu(pre), (12,), eps=1e-5)
    loss = (out * probe).mean()
    write_case("layernorm", "x [4,6,10] -> layer_norm(10, gamma, beta, eps 1e-5) -> Linear(10,12) -> relu ->"
               " layer_norm(12, no affine, eps 1e-5) = out; loss = mean(out * probe), probe a fixed [4,6,12] input"
               " (a plain mean of out would be identically 0).",
               {"x": x, "gamma": gamma, "beta": beta, "w": w, "b": bias, "probe": probe},
               {"out": out}, loss)


def embedding():
    g = torch.Generator().manual_seed(404)
    table = draw(g, 20, 8)
    ids = torch.randint(1, 20, (3, 7), generator=g)
    ids[0, 5:] = 0                                       # padded sequences of lengths 5, 7 and 3
    ids[2, 3:] = 0
    ids[1, 4] = ids[1, 1]                                # a repeated id: its gradient contributions add up
    ids[1, 2] = 0                                        # a padding id inside a sequence is masked too
    w = draw(g, 8)
    mask = (ids != 0).to(F64)
    e = F.embedding(ids, table) * mask[..., None]        # [3, 7, 8]; row 0 of the table is not zero, so the mask
    s = e.sum(dim=1)                                     # matters
    out = s @ w
    loss = (out ** 2).sum()
    write_case("embedding", "table [20,8], ids [3,7] (I64, padding id 0); e = table[ids] * (ids != 0)[...,None];"
               " s = e.sum(1) [3,8]; out = s @ w (w [8]) = [3]; loss = sum(out^2). Row 0 of the table is not zero.",
               {"ids": ids, "table": table, "w": w}, {"out": out}, loss)


def crossentropy():
    g = torch.Generator().manual_seed(505)
    logits = draw(g, 9, 5, scale=2.0)
    targets = torch.tensor([3, -100, 0, 4, 4, -100, 1, 2, -100])
    weight = (0.5 + torch.rand(5, generator=g, dtype=F64)).float().double()
    kw = dict(weight=weight, ignore_index=-100, label_smoothing=0.1)
    loss = F.cross_entropy(logits, targets, reduction="mean", **kw)
    losses = F.cross_entropy(logits, targets, reduction="none", **kw)
    loss_sum = F.cross_entropy(logits, targets, reduction="sum", **kw)
    # the semantics the test relies on, spelled out: mean = sum of the per-row terms / sum of w[t] over kept rows
    kept = targets != -100
    assert torch.allclose(loss, losses.sum() / weight[targets[kept]].sum(), rtol=1e-14)
    write_case("crossentropy", "logits [9,5], targets [9] (I64, -100 = ignored), class weights [5] (a constant),"
               " label smoothing 0.1: loss = cross_entropy(..., reduction='mean'); losses: reduction='none';"
               " loss_sum: reduction='sum'. grad.logits is d loss / d logits.",
               {"targets": targets, "logits": logits, "weight": weight.detach()},
               {"losses": losses, "loss_sum": loss_sum}, loss)


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in (mlp, attention, layernorm, embedding, crossentropy):
        case()


if __name__ == "__main__":
    main()
