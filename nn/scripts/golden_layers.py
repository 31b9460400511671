#!/usr/bin/env python3
"""Golden values for nn/src/test/java/org/genex/nn/LayerGoldenTest.java and StateDictInteropTest.java, computed by
PyTorch's own modules.

Run from the repository root (needs only PyTorch and NumPy; no network, no `safetensors` package):

    /usr/bin/python3 nn/scripts/golden_layers.py

It (re)writes nn/src/test/resources/golden/*.safetensors. It is deterministic: each case draws its values from its
own seeded torch.Generator, so a re-run gives byte-identical files (it prints a SHA-256 of each). Written with
torch 1.13.

Precision (as autodiff/scripts/golden.py). Inputs and parameters are drawn in float64 and rounded to float32, so the
values genex reads are exactly the values PyTorch used; each module is then converted to float64 (module.double())
and evaluated and differentiated in float64, and the outputs and gradients are rounded once to float32 when written.
The test's tolerance then has to absorb genex's float32 rounding only.

Layer cases (one file each). Every file holds:
  <state_dict key>   the module's parameters under PyTorch's own state_dict names ("weight",
                     "layers.0.self_attn.in_proj_weight", ...), F32; the Java test loads exactly these with
                     Module.loadStateDict (strict), which also proves that genex's names and shapes are PyTorch's;
  in.<name>          the inputs: F32, or I64 for ids and boolean masks (1 = true: PyTorch's "ignore this key");
  out.<name>         the outputs (out.y the differentiated one; attention weights etc. beside it);
  dout.y             a fixed random upstream gradient; the "loss" is sum(out.y * dout.y), so every gradient below is
                     the vector-Jacobian product dout.y^T J;
  grad.<key>         d loss / d parameter, for every state_dict key, and grad.in.<name> for every float input.
  __metadata__       description, torch version, generator, and "state_dict": a JSON object {key: shape} in
                     PyTorch's state_dict order (every parameter and persistent buffer of the torch module).

Interop files (StateDictInteropTest): interop_<model>.safetensors is a bare state_dict, exactly what
safetensors.torch.save_file(model.state_dict(), path) writes (F32, the keys and nothing else; its __metadata__ has
"format": "pt", "state_dict" as above and "config"), and interop_<model>.io.safetensors an input and the float64
output for it. Models: encoder_head (a 2-layer pre-norm GELU nn.TransformerEncoder with a final LayerNorm and a
Linear head) and mlp (nn.ModuleList of Linear layers with GELU between). build_model() is also used by
nn/scripts/check_genex_checkpoint.py, which loads a genex-written checkpoint into these torch modules.
"""
import hashlib
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "golden")
F64 = torch.float64
GENERATOR = "nn/scripts/golden_layers.py"


# ---------------------------------------------------------------------------------------------- safetensors I/O

def safetensors_bytes(tensors, metadata):
    """The bytes of a safetensors file: 8-byte little-endian header length N, N bytes of compact JSON (padded with
    spaces to a multiple of 8), then the data. tensors: name -> numpy array (float32 or int64). Data order as the
    reference writer: by dtype (I64 before F32), then by name; so every tensor starts 8-byte aligned."""
    dtype_names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}
    rank = {"I64": 0, "F32": 1}
    items = []
    for name, a in tensors.items():
        a = np.asarray(a)
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


def read_safetensors(path):
    """(tensors as torch tensors, metadata) of a safetensors file (F32, F64, I64, I32 only): the few lines of
    safetensors.torch.load_file this project needs."""
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        a = np.frombuffer(data[8 + n + b:8 + n + end], dtype=np.dtype(dtypes[e["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(a.astype(dtypes[e["dtype"]]).reshape(e["shape"]).copy())
    return out, meta


def write_file(name, tensors, metadata):
    data = safetensors_bytes(tensors, metadata)
    with open(os.path.join(OUT_DIR, name + ".safetensors"), "wb") as f:
        f.write(data)
    print(f"{name + '.safetensors':42s} {len(data):7d} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}")


def f32(t):
    return np.asarray(t.detach().numpy(), dtype=np.float32)


def state_shapes(module):
    return json.dumps({k: list(v.shape) for k, v in module.state_dict().items()}, separators=(",", ":"))


def write_case(name, description, module, inputs, outputs, extra=None):
    """module: a float64 torch module (or None) whose parameters are the state_dict; inputs: name -> tensor (float
    ones with requires_grad are differentiated; bool/int ones stored as I64); outputs: name -> tensor, "y" the one
    differentiated against a fixed upstream gradient dout.y drawn from a generator seeded by the case name."""
    y = outputs["y"]
    g = torch.Generator().manual_seed(int(hashlib.sha256(name.encode()).hexdigest()[:8], 16))
    dout = torch.randn(*y.shape, generator=g, dtype=F64).float().double()
    state = dict(module.named_parameters()) if module is not None else {}
    float_inputs = {k: v for k, v in inputs.items() if v.is_floating_point() and v.requires_grad}
    leaves = list(state.values()) + list(float_inputs.values())
    grads = torch.autograd.grad(y, leaves, grad_outputs=dout, allow_unused=True) if leaves else []
    tensors = {}
    if module is not None:
        for k, v in module.state_dict().items():
            tensors[k] = f32(v)
    for k, v in inputs.items():
        tensors["in." + k] = f32(v) if v.is_floating_point() else np.asarray(v.numpy(), dtype=np.int64)
    for k, v in outputs.items():
        tensors["out." + k] = f32(v)
    tensors["dout.y"] = f32(dout)
    for k, gr in zip(list(state) + ["in." + k for k in float_inputs], grads):
        leaf = state.get(k) if k in state else float_inputs[k[3:]]
        tensors["grad." + k] = f32(gr if gr is not None else torch.zeros_like(leaf))
    for k, v in (extra or {}).items():
        tensors[k] = v
    metadata = {
        "description": description,
        "torch": torch.__version__,
        "generator": GENERATOR,
        "precision": "inputs and parameters float32-exact; computed in float64, stored as float32",
        "state_dict": state_shapes(module) if module is not None else "{}",
    }
    write_file(name, tensors, metadata)


# ---------------------------------------------------------------------------------------------- helpers

def gen(seed):
    return torch.Generator().manual_seed(seed)


def draw(g, *shape, scale=1.0, grad=True):
    """Normal values, rounded to float32 and held in float64, as a leaf."""
    x = (torch.randn(*shape, generator=g, dtype=F64) * scale).float().double()
    return x.requires_grad_(grad)


def randomize(module, g):
    """Converts module to float64 and gives every parameter float32-exact random values: weights N(0, 1/fan_in)
    (so activations stay O(1)), norm weights 1 + N(0, 0.2^2), biases N(0, 0.2^2)."""
    module.double()
    with torch.no_grad():
        for _, mod in module.named_modules():
            norm = isinstance(mod, (nn.LayerNorm, RMSNorm))
            for name, p in mod.named_parameters(recurse=False):
                if norm and name == "weight":
                    v = 1 + 0.2 * torch.randn(*p.shape, generator=g, dtype=F64)
                elif "bias" in name:
                    v = 0.2 * torch.randn(*p.shape, generator=g, dtype=F64)
                else:
                    v = torch.randn(*p.shape, generator=g, dtype=F64) / math.sqrt(p[0].numel())
                p.copy_(v.float().double())
    return module


def away_from_zero(t, what, margin=1e-3):
    """Guards a kink (ReLU at 0): a value this close would make float32 and float64 disagree on the branch."""
    m = t.detach().abs().min().item()
    if m < margin:
        sys.exit(f"{what}: a value {m:.3g} lies within {margin} of the kink at 0; pick another seed")


def guard_relu_inputs(module):
    """Forward hooks on every linear1 of a transformer that check its output (the ReLU input) for kinks."""
    for name, m in module.named_modules():
        if name.endswith("linear1"):
            m.register_forward_hook(lambda mod, i, o, name=name: away_from_zero(o, name + " output (ReLU input)"))


def padding_mask(b, l, lengths):
    m = torch.zeros(b, l, dtype=torch.bool)
    for i, n in enumerate(lengths):
        m[i, n:] = True
    return m


# ---------------------------------------------------------------------------------------------- simple layers

def linear():
    g = gen(1)
    m = randomize(nn.Linear(7, 5), g)
    x = draw(g, 2, 3, 7)
    write_case("linear", "nn.Linear(7, 5); x [2,3,7] -> y [2,3,5]", m, {"x": x}, {"y": m(x)})


def embedding():
    g = gen(2)
    m = randomize(nn.Embedding(10, 6, padding_idx=2), g)
    with torch.no_grad():
        m.weight[2] = torch.randn(6, generator=g, dtype=F64).float().double()   # a loaded non-zero padding row
    ids = torch.tensor([[1, 2, 5, 5, 9], [2, 0, 3, 2, 7], [4, 8, 6, 1, 5]])    # padding id 2 thrice, repeats
    write_case("embedding", "nn.Embedding(10, 6, padding_idx=2) with a non-zero (loaded) padding row; ids [3,5]"
               " with the padding id and repeated ids -> y [3,5,6]; grad.weight row 2 is 0 (PyTorch's rule)",
               m, {"ids": ids}, {"y": m(ids)})


def layernorm():
    g = gen(3)
    m = randomize(nn.LayerNorm(12), g)
    x = draw(g, 2, 4, 12, scale=2.0) + 0.5
    x = x.detach().requires_grad_(True)
    write_case("layernorm", "nn.LayerNorm(12) (eps 1e-5, affine); x [2,4,12] -> y", m, {"x": x}, {"y": m(x)})


class RMSNorm(nn.Module):
    """torch 1.13 has no nn.RMSNorm: y = x * rsqrt(mean(x^2) + eps) * weight, eps = torch.finfo(float32).eps as
    genex's RMSNorm(dim) (and torch >= 2.4's nn.RMSNorm(eps=None) for float32 inputs)."""

    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rmsnorm():
    g = gen(4)
    eps = float(torch.finfo(torch.float32).eps)
    m = randomize(RMSNorm(12, eps), g)
    x = draw(g, 2, 4, 12)
    with torch.no_grad():
        x[1, 3] *= 1e-3                                  # a small row, where eps matters more
    write_case("rmsnorm", f"RMSNorm(12): x * rsqrt(mean(x^2) + eps) * weight, eps = float32 machine eps {eps!r};"
               " x [2,4,12] (row [1,3] scaled by 1e-3)", m, {"x": x}, {"y": m(x)})


def activations():
    cases = [
        ("act_relu", "nn.ReLU()", nn.ReLU(), 1.0),
        ("act_gelu", "nn.GELU() (exact, erf)", nn.GELU(), 1.5),
        ("act_gelu_tanh", "nn.GELU(approximate='tanh')", nn.GELU(approximate="tanh"), 1.5),
        ("act_silu", "nn.SiLU()", nn.SiLU(), 1.5),
        ("act_tanh", "nn.Tanh()", nn.Tanh(), 1.0),
        ("act_sine", "SIREN's sin(omega_0 x), omega_0 = 30 (no torch module)", lambda x: torch.sin(30.0 * x), 0.05),
    ]
    for i, (name, what, f, scale) in enumerate(cases):
        g = gen(50 + i)
        x = draw(g, 3, 17, scale=scale)
        if name == "act_relu":
            away_from_zero(x, name)
        write_case(name, f"{what}; x [3,17] (N(0,{scale}^2)) -> y", None, {"x": x}, {"y": f(x)})


class MLP(nn.Module):
    """genex's MLP naming: an nn.ModuleList `layers` of Linear, the activation between them (none after the last)."""

    def __init__(self, dims, act):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        self.act = act

    def forward(self, x):
        for i, l in enumerate(self.layers):
            x = l(x)
            if i < len(self.layers) - 1:
                x = self.act(x)
        return x


def mlp():
    g = gen(6)
    m = randomize(MLP([6, 16, 12, 3], nn.GELU()), g)
    x = draw(g, 5, 6)
    write_case("mlp", "MLP 6 -> 16 -> 12 -> 3, GELU (exact) between, keys layers.i.{weight,bias}; x [5,6] -> y [5,3]",
               m, {"x": x}, {"y": m(x)})


# ---------------------------------------------------------------------------------------------- attention

def mha_case(name, seed, description, kdim=None, vdim=None, lk=None, self_attn=True, key_is_value=True,
             kpm_lengths=None, causal=False):
    g = gen(seed)
    e, h, b, lq = 16, 4, 2, 5
    m = randomize(nn.MultiheadAttention(e, h, batch_first=True, kdim=kdim, vdim=vdim), g)
    m.eval()
    inputs = {}
    q = draw(g, b, lq, e)
    inputs["query"] = q
    if self_attn:
        k = v = q
    else:
        lk = lk or lq
        k = draw(g, b, lk, kdim or e)
        inputs["key"] = k
        if key_is_value:
            v = k
        else:
            v = draw(g, b, lk, vdim or e)
            inputs["value"] = v
    lkey = k.shape[1]
    kw = {}
    if kpm_lengths is not None:
        kpm = padding_mask(b, lkey, kpm_lengths)
        inputs["key_padding_mask"] = kpm
        kw["key_padding_mask"] = kpm
    if causal:
        kw["attn_mask"] = torch.full((lq, lkey), float("-inf"), dtype=F64).triu(1)
    y, w = m(q, k, v, need_weights=True, average_attn_weights=True, **kw)
    with torch.no_grad():
        _, wh = m(q, k, v, need_weights=True, average_attn_weights=False, **kw)
    write_case(name, description + "; outputs y, weights (average_attn_weights=True) [b,lq,lk] and weights_per_head"
               " [b,h,lq,lk]", m, inputs, {"y": y, "weights": w, "weights_per_head": wh})


def attention():
    mha_case("mha_self", 7, "nn.MultiheadAttention(16, 4, batch_first=True), self-attention: query = key = value"
             " [2,5,16]")
    mha_case("mha_cross", 8, "nn.MultiheadAttention(16, 4, batch_first=True), cross-attention: query [2,5,16],"
             " key = value [2,7,16] (a memory)", self_attn=False, lk=7)
    mha_case("mha_kvdim", 9, "nn.MultiheadAttention(16, 4, batch_first=True, kdim=12, vdim=10): query [2,5,16],"
             " key [2,6,12], value [2,6,10] (q/k/v_proj_weight instead of in_proj_weight)", kdim=12, vdim=10,
             self_attn=False, key_is_value=False, lk=6)
    mha_case("mha_key_padding", 10, "nn.MultiheadAttention(16, 4, batch_first=True), self-attention [2,5,16] with"
             " key_padding_mask (bool, true = ignore) hiding keys 3.. of sequence 0 and 4 of sequence 1",
             kpm_lengths=[3, 4])
    mha_case("mha_causal", 11, "nn.MultiheadAttention(16, 4, batch_first=True), self-attention [2,5,16] with the"
             " causal attn_mask (float, -inf above the diagonal)", causal=True)


# ---------------------------------------------------------------------------------------------- transformer

def encoder_layer_case(name, seed, activation, norm_first):
    g = gen(seed)
    d, h, ff, b, l = 16, 4, 32, 2, 5
    m = randomize(nn.TransformerEncoderLayer(d, h, ff, dropout=0.0, activation=activation, batch_first=True,
                                             norm_first=norm_first), g)
    m.eval()
    guard_relu_inputs(m)
    x = draw(g, b, l, d)
    kpm = padding_mask(b, l, [5, 3])
    y = m(x, src_key_padding_mask=kpm)
    write_case(name, f"nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0, activation={activation},"
               f" batch_first=True, norm_first={norm_first}); x [2,5,16], src_key_padding_mask hiding keys 3.. of"
               " sequence 1", m, {"x": x, "src_key_padding_mask": kpm}, {"y": y})


def transformer():
    encoder_layer_case("encoder_layer_post_relu", 112, "relu", False)
    encoder_layer_case("encoder_layer_post_gelu", 13, "gelu", False)
    encoder_layer_case("encoder_layer_pre_relu", 114, "relu", True)
    encoder_layer_case("encoder_layer_pre_gelu", 15, "gelu", True)
    g = gen(16)
    layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
    m = randomize(nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(16), enable_nested_tensor=False), g)
    m.eval()
    x = draw(g, 2, 6, 16)
    kpm = padding_mask(2, 6, [4, 6])
    y = m(x, src_key_padding_mask=kpm)
    write_case("encoder_stack", "nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, 32, dropout=0, gelu,"
               " batch_first, norm_first=True), 2 layers, norm=nn.LayerNorm(16)), every layer with its own weights;"
               " x [2,6,16], src_key_padding_mask hiding keys 4.. of sequence 0", m,
               {"x": x, "src_key_padding_mask": kpm}, {"y": y})


# ---------------------------------------------------------------------------------------------- convolutions

def conv():
    g = gen(17)
    m = randomize(nn.Conv2d(3, 8, kernel_size=4, stride=4), g)
    x = draw(g, 2, 3, 8, 12)
    write_case("conv2d_patches", "nn.Conv2d(3, 8, kernel_size=4, stride=4) (patch embedding); x [2,3,8,12] ->"
               " y [2,8,2,3]", m, {"x": x}, {"y": m(x)})
    g = gen(18)
    m = randomize(nn.Conv2d(3, 5, kernel_size=3, stride=1, padding=1), g)
    x = draw(g, 2, 3, 6, 7)
    write_case("conv2d_padded", "nn.Conv2d(3, 5, kernel_size=3, stride=1, padding=1); x [2,3,6,7] -> y [2,5,6,7]",
               m, {"x": x}, {"y": m(x)})
    g = gen(19)
    m = randomize(nn.Conv2d(2, 4, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0)), g)
    x = draw(g, 1, 2, 7, 5)
    write_case("conv2d_rect", "nn.Conv2d(2, 4, kernel_size=(3,2), stride=(2,1), padding=(1,0)); x [1,2,7,5] ->"
               " y [1,4,4,4]", m, {"x": x}, {"y": m(x)})
    g = gen(20)
    c, k, b, l = 6, 4, 2, 9
    m = randomize(nn.Conv1d(c, c, kernel_size=k, groups=c, padding=k - 1), g)
    x = draw(g, b, l, c)                                             # channels-last, as genex's CausalConv1d
    y = m(x.transpose(1, 2))[..., :l].transpose(1, 2)
    write_case("causal_conv1d", "Mamba's causal depthwise conv: nn.Conv1d(6, 6, kernel_size=4, groups=6,"
               " padding=3), keep the first L outputs; x channels-last [2,9,6] (transposed to [b,C,L] for Conv1d and"
               " back) -> y [2,9,6]", m, {"x": x}, {"y": y})


# ---------------------------------------------------------------------------------------------- positions

def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def rotary_case(name, seed, d, offset, l):
    """GPT-NeoX / Hugging Face LLaMA RoPE (half-split, rotate_half), with HF's float32 tables: inv_freq =
    1 / base^(arange(0, d, 2).float() / d) in float32, angles float(pos) * inv_freq in float32; cos and sin of those
    float32 angles and the rotation itself in float64."""
    g = gen(seed)
    base = 10000.0
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2).float() / d))                     # float32, as HF
    exact = np.float32(1) / np.array([np.float32(base ** float(np.float32(i) / np.float32(d)))
                                      for i in range(0, d, 2)], dtype=np.float32)
    assert (inv_freq.numpy() == exact).all(), "torch's float32 pow differs from float64 pow rounded once"
    t = torch.arange(offset, offset + l).float()
    angles = torch.outer(t, inv_freq)                                                  # float32, as HF
    emb = torch.cat((angles, angles), dim=-1).double()
    x = draw(g, 2, 3, l, d)                                                            # [b, h, l, d]
    y = x * emb.cos() + rotate_half(x) * emb.sin()
    write_case(name, f"RoPE, half-split (GPT-NeoX / HF rotate_half), head dim {d}, base 10000, positions {offset}.."
               f"{offset + l - 1}; x [2,3,{l},{d}] -> y; tables by HF's float32 recipe (inv_freq stored)", None,
               {"x": x}, {"y": y}, extra={"inv_freq": inv_freq.numpy()})


def positions():
    rotary_case("rotary", 21, 8, 0, 6)
    rotary_case("rotary_offset", 22, 16, 1000, 4)
    for name, d, max_len in (("sinusoidal", 10, 64), ("sinusoidal_odd", 7, 16)):
        pos = torch.arange(max_len, dtype=F64)[:, None]
        div = torch.exp(torch.arange(0, d, 2, dtype=F64) * (-math.log(10000.0) / d))     # the PyTorch tutorial's
        pe = torch.zeros(max_len, d, dtype=F64)
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div[: d // 2])
        g = gen(23 + d)
        x = draw(g, 2, 5, d)
        write_case(name, f"sinusoidal positional encoding (the PyTorch tutorial's formula, batch-first), d {d},"
                   f" max_len {max_len}: out.pe [max_len, d]; y = x + pe[:5] for x [2,5,{d}]", None, {"x": x},
                   {"y": x + pe[:5], "pe": pe})
    g = gen(40)
    m = randomize(nn.Embedding(12, 8), g)
    x = draw(g, 2, 5, 8)
    y = x + m.weight[3:8]
    write_case("learned_positional", "learned positions: nn.Embedding(12, 8) weight; y = x + weight[3:8] for"
               " x [2,5,8] (positions 3..7)", m, {"x": x}, {"y": y})


# ---------------------------------------------------------------------------------------------- interop models

class EncoderHead(nn.Module):
    """A 2-layer pre-norm GELU transformer encoder with a final LayerNorm and a Linear head."""

    def __init__(self, d=16, heads=4, ff=32, layers=2, out=3):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d), enable_nested_tensor=False)
        self.head = nn.Linear(d, out)

    def forward(self, x, src_key_padding_mask=None):
        return self.head(self.encoder(x, src_key_padding_mask=src_key_padding_mask))


INTEROP_CONFIGS = {
    "encoder_head": {"d_model": 16, "nhead": 4, "dim_feedforward": 32, "num_layers": 2, "out": 3,
                     "activation": "gelu", "norm_first": True, "final_norm": True, "dropout": 0.0},
    "mlp": {"dims": [8, 16, 16, 4], "activation": "gelu"},
}


def build_model(kind):
    c = INTEROP_CONFIGS[kind]
    if kind == "encoder_head":
        return EncoderHead(c["d_model"], c["nhead"], c["dim_feedforward"], c["num_layers"], c["out"])
    return MLP(c["dims"], nn.GELU())


def interop():
    for kind, seed, x_shape in (("encoder_head", 30, (2, 5, 16)), ("mlp", 31, (4, 8))):
        g = gen(seed)
        m = randomize(build_model(kind), g).eval()
        x = draw(g, *x_shape, grad=False)
        io = {"x": f32(x)}
        with torch.no_grad():
            if kind == "encoder_head":
                kpm = padding_mask(2, 5, [5, 3])
                y = m(x, src_key_padding_mask=kpm)
                io["src_key_padding_mask"] = kpm.numpy().astype(np.int64)
            else:
                y = m(x)
        io["y"] = f32(y)
        meta = {"format": "pt", "generator": GENERATOR, "torch": torch.__version__, "state_dict": state_shapes(m),
                "config": json.dumps(INTEROP_CONFIGS[kind], separators=(",", ":"))}
        write_file("interop_" + kind, {k: f32(v) for k, v in m.state_dict().items()}, meta)
        write_file("interop_" + kind + ".io", io, {"generator": GENERATOR, "torch": torch.__version__,
                                                   "description": "input x (and mask) and the float64 output y"})


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in (linear, embedding, layernorm, rmsnorm, activations, mlp, attention, transformer, conv, positions,
                 interop):
        case()


if __name__ == "__main__":
    main()
