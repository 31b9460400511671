#!/usr/bin/env python3
"""Golden values for nn/src/test/java/org/genex/nn/loss/LossGoldenTest.java, computed by PyTorch.

Run from the repository root (needs only PyTorch and NumPy; no network, no `safetensors`, torchvision, pycox or
scvi-tools package: the losses those define are written out here, each as its library writes it):

    /usr/bin/python3 nn/scripts/golden_losses.py

It (re)writes nn/src/test/resources/golden/losses_*.safetensors. The script is deterministic: each file draws its
values from its own seeded torch.Generator, so a re-run gives byte-identical files (it prints a SHA-256 of each).

Precision. Inputs are drawn in float64 and rounded to float32 (genex then reads exactly the values PyTorch used);
every loss and gradient is computed in float64 and rounded once to float32 when written, so the test's tolerance
has to absorb genex's float32 rounding only.

Names. Each file holds its inputs under plain names (F32; class targets as I64), and for each loss L:
  L.none          the per-element (or per-row, per-subject) losses, reduction='none'
  L.masked_none   the same with masked-out elements set to 0 (where the loss takes a mask)
  L.reduced       a vector of the reduced values: [sum, mean] or, with a mask, [sum, mean, masked sum, masked mean]
  L.grad.X        d (mean) / d X for each differentiable input X
  L.masked_grad.X d (masked mean) / d X
A masked reduction keeps the elements where the mask (0/1, broadcast) is 1: sum over them, mean = that sum / their
count; it is written with torch.where, so masked-out elements get an exact 0 gradient.

The files and cases:
  losses_regression  input, target [4, 5] (|input - target| kept >= 0.05 away from every kink: 0, 0.7, 1, 1.3),
                     mask [4, 1] (rows). mse = F.mse_loss, l1 = F.l1_loss, smooth_l1 = F.smooth_l1_loss(beta=0.7),
                     smooth_l1_default (beta=1), huber = F.huber_loss(delta=1.3), huber_default (delta=1).
  losses_classification
                     ce: F.cross_entropy(logits [8, 5], targets [8] (I64, two rows -100), weight=ce_weight [5],
                     ignore_index=-100, label_smoothing=0.1); ce.reduced = [sum, mean] (mean divides by the total
                     weight of the rows kept). ce_plain: no weight, no smoothing. ce_smooth: label_smoothing=0.2 only.
                     bce: F.binary_cross_entropy_with_logits(input [4, 5] (some logits +-30), target [4, 5] (soft,
                     with exact 0s and 1s), weight=bce_weight [4, 1], pos_weight=pos_weight [5]), mask [4, 1].
                     bce_plain: no weight, no pos_weight. focal: torchvision.ops.sigmoid_focal_loss (alpha=0.25,
                     gamma=2) as torchvision writes it, reductions applied here. focal_noalpha: alpha=-1, gamma=1.5.
  losses_contrastive a, b [6, 8]: symmetric InfoNCE, logits = a b^T / T, loss = (CE(logits, arange) +
                     CE(logits^T, arange)) / 2. infonce: T = 0.5, raw rows. infonce_norm: T = 0.07, rows through
                     F.normalize. infonce_learned: normalised, T = temperature (a [1] parameter, 0.3) with its
                     gradient. clip: OpenCLIP's ClipLoss: normalised rows, logits = exp(logit_scale) a b^T,
                     logit_scale a scalar parameter log(1 / 0.07).
  losses_cox         eta [12] risk scores, times [12] (ties: 4 distinct values), events [12] (0/1): the negative Breslow
                     log partial likelihood, per event log sum_{j: t_j >= t_i} exp(eta_j) - eta_i (torch.logsumexp
                     over a masked matrix); cox.none = per subject (0 if censored), cox.reduced = [sum, mean over
                     events]. cox_noties: the same with distinct times, checked here against pycox's cox_ph_loss
                     (sorted cumulative sum; equal without ties up to its eps = 1e-7).
  losses_counts      x [5, 6] counts (about 30% zeros), mu [5, 6], theta [6] (per gene, broadcast over the cells),
                     pi [5, 6] dropout logits, mask [5, 1] (cells). nb = -log_nb_positive(x, mu, theta),
                     zinb = -log_zinb_positive(x, mu, theta, pi), both written exactly as scvi-tools
                     (scvi.distributions._negative_binomial, eps 1e-8); nb.none / zinb.none hold the negative
                     log-likelihoods per element.
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
GENERATOR = "nn/scripts/golden_losses.py"
F64 = torch.float64


# ---------------------------------------------------------------------------------------------- safetensors writer

def safetensors_bytes(tensors, metadata):
    """The bytes of a safetensors file: 8-byte little-endian header length N, N bytes of compact JSON (padded with
    spaces to a multiple of 8), then the data, by dtype (I64 before F32), then by name (8-byte aligned)."""
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


class GoldenFile:
    """Collects the tensors of one file: inputs, then each loss's values and gradients."""

    def __init__(self, name, description):
        self.name, self.description, self.tensors = name, description, {}

    def put(self, key, t):
        if key in self.tensors:
            raise KeyError(key)
        t = torch.as_tensor(t).detach()
        self.tensors[key] = np.asarray(t.numpy(), dtype=np.float32 if t.is_floating_point() else np.int64)

    def grads(self, prefix, scalar, wrt):
        """Stores d scalar / d X as prefix.X for each (name, X) of wrt."""
        gs = torch.autograd.grad(scalar, [v for _, v in wrt])
        for (k, _), g in zip(wrt, gs):
            self.put(f"{prefix}.{k}", g)

    def write(self):
        metadata = {"description": self.description, "torch": torch.__version__, "generator": GENERATOR,
                    "precision": "inputs float32-exact; losses and gradients computed in float64, stored as float32"}
        data = safetensors_bytes(self.tensors, metadata)
        with open(os.path.join(OUT_DIR, self.name + ".safetensors"), "wb") as f:
            f.write(data)
        print(f"{self.name}.safetensors  {len(data):6d} bytes  {len(self.tensors):3d} tensors"
              f"  sha256 {hashlib.sha256(data).hexdigest()[:16]}")


# ---------------------------------------------------------------------------------------------- helpers

def draw(gen, *shape, scale=1.0):
    """Normal values rounded to float32, held in float64, as a leaf that requires a gradient."""
    return (torch.randn(*shape, generator=gen, dtype=F64) * scale).float().double().requires_grad_(True)


def f32(t):
    """Rounds to float32 (so genex sees exactly these values), held in float64."""
    return t.float().double()


def masked(losses, mask):
    """The per-element losses with masked-out ones replaced by 0 (torch.where: an exact 0 gradient there), and the
    count of elements kept (the mask broadcast to the losses' shape)."""
    m = mask.expand_as(losses).bool()
    return torch.where(m, losses, torch.zeros_like(losses)), m.sum().item()


def elementwise(gf, name, fn, wrt, mask=None):
    """Stores L.none, L.reduced ([sum, mean] and with a mask [.., masked sum, masked mean]), and the gradients of
    the mean (and masked mean) with respect to wrt, for the per-element losses fn()."""
    losses = fn()
    gf.put(name + ".none", losses)
    total, mean = losses.sum(), losses.mean()
    reduced = [total, mean]
    gf.grads(name + ".grad", mean, wrt)
    if mask is not None:
        kept, count = masked(fn(), mask)
        gf.put(name + ".masked_none", kept)
        masked_mean = kept.sum() / count
        reduced += [kept.sum(), masked_mean]
        gf.grads(name + ".masked_grad", masked_mean, wrt)
    gf.put(name + ".reduced", torch.stack(reduced))


def away_from(values, kinks, margin, what):
    """Exits unless every value lies at least margin away from every kink (float32 and float64 would disagree on
    the branch there, and a finite-difference check would straddle it)."""
    for k in kinks:
        m = (values.detach() - k).abs().min().item()
        if m < margin:
            sys.exit(f"{what}: a value lies {m:.3g} from the kink at {k}; pick another seed")


# ---------------------------------------------------------------------------------------------- regression

def regression():
    g = torch.Generator().manual_seed(1001)
    gf = GoldenFile("losses_regression", "mse, l1, smooth_l1 (beta 0.7 and 1), huber (delta 1.3 and 1) on input, "
                    "target [4,5], mask [4,1]; see the script's docstring for the names")
    target = draw(g, 4, 5)
    gaps = torch.tensor([0.2, 0.45, 0.85, 1.15, 1.6, 2.3], dtype=F64)
    pick = torch.randint(0, len(gaps), (4, 5), generator=g)
    sign = torch.randint(0, 2, (4, 5), generator=g) * 2 - 1
    jitter = 0.05 * torch.rand(4, 5, generator=g, dtype=F64)
    inp = f32(target.detach() + sign * (gaps[pick] + jitter)).requires_grad_(True)
    away_from((inp - target).abs(), [0.0, 0.7, 1.0, 1.3], 0.05, "regression: |input - target|")
    mask = torch.tensor([[1.0], [0.0], [1.0], [1.0]], dtype=F64)
    gf.put("input", inp)
    gf.put("target", target)
    gf.put("mask", mask)
    wrt = [("input", inp), ("target", target)]
    cases = {
        "mse": lambda: F.mse_loss(inp, target, reduction="none"),
        "l1": lambda: F.l1_loss(inp, target, reduction="none"),
        "smooth_l1": lambda: F.smooth_l1_loss(inp, target, reduction="none", beta=0.7),
        "smooth_l1_default": lambda: F.smooth_l1_loss(inp, target, reduction="none"),
        "huber": lambda: F.huber_loss(inp, target, reduction="none", delta=1.3),
        "huber_default": lambda: F.huber_loss(inp, target, reduction="none"),
    }
    for name, fn in cases.items():
        elementwise(gf, name, fn, wrt, mask)
        # the reductions used above are PyTorch's own
        for r in ("sum", "mean"):
            kw = {"beta": 0.7} if name == "smooth_l1" else {"delta": 1.3} if name == "huber" else {}
            base = {"mse": F.mse_loss, "l1": F.l1_loss, "smooth_l1": F.smooth_l1_loss, "huber": F.huber_loss}
            torch_value = base[name.replace("_default", "")](inp, target, reduction=r, **kw)
            assert torch.allclose(torch_value, getattr(fn(), r)(), rtol=1e-14), (name, r)
    gf.write()


# ---------------------------------------------------------------------------------------------- classification

def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0):
    """torchvision.ops.sigmoid_focal_loss (torchvision 0.14), reduction 'none', as torchvision writes it."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss


def classification():
    g = torch.Generator().manual_seed(2002)
    gf = GoldenFile("losses_classification", "cross_entropy (weights, ignore_index -100, label smoothing), "
                    "binary_cross_entropy_with_logits (weight, pos_weight, mask), torchvision sigmoid focal loss; "
                    "see the script's docstring for the names")
    # cross-entropy
    logits = draw(g, 8, 5, scale=2.0)
    targets = torch.tensor([3, -100, 0, 4, 1, 2, -100, 4])
    weight = f32(0.5 + torch.rand(5, generator=g, dtype=F64))
    gf.put("logits", logits)
    gf.put("targets", targets)
    gf.put("ce_weight", weight)
    for name, kw in (("ce", dict(weight=weight, label_smoothing=0.1)), ("ce_plain", {}),
                     ("ce_smooth", dict(label_smoothing=0.2))):
        none = F.cross_entropy(logits, targets, ignore_index=-100, reduction="none", **kw)
        mean = F.cross_entropy(logits, targets, ignore_index=-100, reduction="mean", **kw)
        total = F.cross_entropy(logits, targets, ignore_index=-100, reduction="sum", **kw)
        gf.put(name + ".none", none)
        gf.put(name + ".reduced", torch.stack([total, mean]))
        gf.grads(name + ".grad", mean, [("logits", logits)])

    # binary cross-entropy with logits, and focal
    x = draw(g, 4, 5, scale=2.0)
    with torch.no_grad():
        x[0, 1], x[2, 3], x[3, 0] = 30.0, -30.0, 17.5                   # large logits: stable forms needed
    t = f32(torch.rand(4, 5, generator=g, dtype=F64))
    with torch.no_grad():
        t[0, :2], t[1, 2], t[3, 4] = 1.0, 0.0, 1.0                     # hard labels among the soft ones
    t.requires_grad_(True)
    bce_weight = f32(torch.tensor([[1.0], [0.5], [2.0], [1.5]], dtype=F64))
    pos_weight = f32(torch.tensor([0.5, 2.0, 3.0, 1.0, 0.25], dtype=F64))
    mask = torch.tensor([[1.0], [1.0], [0.0], [1.0]], dtype=F64)
    for k, v in (("input", x), ("target", t), ("bce_weight", bce_weight), ("pos_weight", pos_weight),
                 ("mask", mask)):
        gf.put(k, v)
    wrt = [("input", x), ("target", t)]
    elementwise(gf, "bce", lambda: F.binary_cross_entropy_with_logits(
        x, t, weight=bce_weight, pos_weight=pos_weight, reduction="none"), wrt, mask)
    elementwise(gf, "bce_plain", lambda: F.binary_cross_entropy_with_logits(x, t, reduction="none"), wrt, mask)
    elementwise(gf, "focal", lambda: sigmoid_focal_loss(x, t), wrt, mask)
    elementwise(gf, "focal_noalpha", lambda: sigmoid_focal_loss(x, t, alpha=-1, gamma=1.5), wrt)
    gf.write()


# ---------------------------------------------------------------------------------------------- contrastive

def info_nce(a, b, temperature, normalize):
    """Symmetric InfoNCE: (CE(a b^T / T, arange) + CE(b a^T / T, arange)) / 2."""
    if normalize:
        a, b = F.normalize(a, dim=1), F.normalize(b, dim=1)
    logits = a @ b.T / temperature
    labels = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2


def clip_loss(image_features, text_features, logit_scale):
    """OpenCLIP's ClipLoss (one device), with the model's normalisation and logit_scale.exp() folded in."""
    image_features = F.normalize(image_features, dim=-1)
    text_features = F.normalize(text_features, dim=-1)
    scale = logit_scale.exp()
    logits_per_image = scale * image_features @ text_features.T
    logits_per_text = scale * text_features @ image_features.T
    labels = torch.arange(image_features.shape[0])
    return (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)) / 2


def contrastive():
    g = torch.Generator().manual_seed(3003)
    gf = GoldenFile("losses_contrastive", "symmetric InfoNCE (T 0.5 raw; T 0.07 normalised; learnable T 0.3 "
                    "normalised) and OpenCLIP's ClipLoss on a, b [6,8]; see the script's docstring")
    a, b = draw(g, 6, 8), draw(g, 6, 8)
    temperature = torch.tensor([0.3], dtype=F64, requires_grad=True)
    logit_scale = f32(torch.tensor(np.log(1 / 0.07), dtype=F64)).requires_grad_(True)
    for k, v in (("a", a), ("b", b), ("temperature", temperature), ("logit_scale", logit_scale)):
        gf.put(k, v)
    ab = [("a", a), ("b", b)]
    cases = (("infonce", lambda: info_nce(a, b, 0.5, False), ab),
             ("infonce_norm", lambda: info_nce(a, b, 0.07, True), ab),
             ("infonce_learned", lambda: info_nce(a, b, temperature, True), ab + [("temperature", temperature)]),
             ("clip", lambda: clip_loss(a, b, logit_scale), ab + [("logit_scale", logit_scale)]))
    for name, fn, wrt in cases:
        loss = fn()
        gf.put(name + ".reduced", loss.reshape(1))
        gf.grads(name + ".grad", loss, wrt)
    gf.write()


# ---------------------------------------------------------------------------------------------- Cox

def cox_breslow_terms(eta, times, events):
    """Per subject: events_i (log sum_{j: t_j >= t_i} exp(eta_j) - eta_i), Breslow's ties (all tied subjects are in
    each other's risk sets)."""
    at_risk = times[None, :] >= times[:, None]                         # [i, j]: j in R(i)
    lse = torch.logsumexp(eta[None, :].expand(len(eta), -1).masked_fill(~at_risk, float("-inf")), dim=1)
    return (lse - eta) * events


def pycox_cox_ph_loss(log_h, durations, events, eps=1e-7):
    """pycox.models.loss.cox_ph_loss (sorted cumulative sum over a batch sorted by descending duration)."""
    idx = durations.sort(descending=True)[1]
    events, log_h = events[idx].view(-1), log_h[idx].view(-1)
    gamma = log_h.max()
    log_cumsum_h = log_h.sub(gamma).exp().cumsum(0).add(eps).log().add(gamma)
    return -log_h.sub(log_cumsum_h).mul(events).sum().div(events.sum())


def cox():
    g = torch.Generator().manual_seed(4004)
    gf = GoldenFile("losses_cox", "negative Breslow log partial likelihood of eta [12] with times (ties) and "
                    "events; cox_noties with distinct times (equal to pycox's cox_ph_loss); see the docstring")
    for name, times in (("cox", f32(torch.randint(1, 5, (12,), generator=g).double())),
                        ("cox_noties", f32(torch.randperm(12, generator=g).double() * 0.5 + 1))):
        eta = draw(g, 12, scale=1.5)
        events = (torch.rand(12, generator=g, dtype=F64) < 0.65).double()
        events[0] = 1.0
        gf.put(name + "_eta", eta)
        gf.put(name + "_times", times)
        gf.put(name + "_events", events)
        terms = cox_breslow_terms(eta, times, events)
        mean = terms.sum() / events.sum()
        gf.put(name + ".none", terms)
        gf.put(name + ".reduced", torch.stack([terms.sum(), mean]))
        gf.grads(name + ".grad", mean, [("eta", eta)])
        if name == "cox_noties":
            assert torch.allclose(mean, pycox_cox_ph_loss(eta, times, events), rtol=1e-6), "Breslow != pycox"
    gf.write()


# ---------------------------------------------------------------------------------------------- counts

def log_nb_positive(x, mu, theta, eps=1e-8, log_fn=torch.log, lgamma_fn=torch.lgamma):
    """scvi-tools' log_nb_positive (scvi.distributions._negative_binomial), verbatim."""
    log = log_fn
    lgamma = lgamma_fn
    log_theta_mu_eps = log(theta + mu + eps)
    res = (
        theta * (log(theta + eps) - log_theta_mu_eps)
        + x * (log(mu + eps) - log_theta_mu_eps)
        + lgamma(x + theta)
        - lgamma(theta)
        - lgamma(x + 1)
    )
    return res


def log_zinb_positive(x, mu, theta, pi, eps=1e-8):
    """scvi-tools' log_zinb_positive (scvi.distributions._negative_binomial), verbatim but for the indicator dtype
    (float64 here, so that the product stays in float64)."""
    if theta.ndimension() == 1:
        theta = theta.view(1, theta.size(0))
    softplus_pi = F.softplus(-pi)
    log_theta_eps = torch.log(theta + eps)
    log_theta_mu_eps = torch.log(theta + mu + eps)
    pi_theta_log = -pi + theta * (log_theta_eps - log_theta_mu_eps)
    case_zero = F.softplus(pi_theta_log) - softplus_pi
    mul_case_zero = torch.mul((x < eps).type(x.dtype), case_zero)
    case_non_zero = (
        -softplus_pi
        + pi_theta_log
        + x * (torch.log(mu + eps) - log_theta_mu_eps)
        + torch.lgamma(x + theta)
        - torch.lgamma(theta)
        - torch.lgamma(x + 1)
    )
    mul_case_non_zero = torch.mul((x > eps).type(x.dtype), case_non_zero)
    res = mul_case_zero + mul_case_non_zero
    return res


def counts():
    g = torch.Generator().manual_seed(5005)
    gf = GoldenFile("losses_counts", "scvi-tools' NB and ZINB negative log-likelihoods of counts x [5,6] with mu "
                    "[5,6], per-gene theta [6], dropout logits pi [5,6], mask [5,1]; see the script's docstring")
    zero = torch.rand(5, 6, generator=g, dtype=F64) < 0.3
    x = torch.where(zero, torch.zeros(5, 6, dtype=F64), torch.randint(1, 30, (5, 6), generator=g).double())
    mu = f32(0.2 + 12 * torch.rand(5, 6, generator=g, dtype=F64)).requires_grad_(True)
    theta = f32(0.5 + 15 * torch.rand(6, generator=g, dtype=F64)).requires_grad_(True)
    pi = draw(g, 5, 6)
    mask = torch.tensor([[1.0], [0.0], [1.0], [1.0], [0.0]], dtype=F64)
    for k, v in (("x", x), ("mu", mu), ("theta", theta), ("pi", pi), ("mask", mask)):
        gf.put(k, v)
    elementwise(gf, "nb", lambda: -log_nb_positive(x, mu, theta), [("mu", mu), ("theta", theta)], mask)
    elementwise(gf, "zinb", lambda: -log_zinb_positive(x, mu, theta, pi), [("mu", mu), ("theta", theta), ("pi", pi)],
                mask)
    gf.write()


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in (regression, classification, contrastive, cox, counts):
        case()


if __name__ == "__main__":
    main()
