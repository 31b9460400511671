#!/usr/bin/env python3
"""Loads a genex-written checkpoint into the matching PyTorch module, strictly, and compares an output.

    /usr/bin/python3 nn/scripts/check_genex_checkpoint.py KIND MODEL.safetensors IO.safetensors

KIND is a model of golden_layers.py's build_model ("encoder_head" or "mlp"). MODEL is the model file of
org.genex.nn.Checkpoint.save; it is read with the few lines of safetensors.torch.load_file in
golden_layers.read_safetensors (no safetensors package needed) and loaded with model.load_state_dict(state,
strict=True), which raises on any missing or unexpected key or shape mismatch. IO holds the input x (and, for
encoder_head, src_key_padding_mask as 0/1 floats) and genex's float32 output y. The model then runs in float64 with
autograd on (PyTorch's eval fast path, which needs no_grad, is not taken), and the script exits 0 if
|y_torch - y_genex| <= 1e-4 |y_torch| + 1e-5 max|y_torch| everywhere (float32 rounding; a wrong key or layout gives
differences of order 1), printing the largest difference either way. Run by StateDictInteropTest.
"""
import sys

import torch

from golden_layers import build_model, read_safetensors


def main():
    kind, model_path, io_path = sys.argv[1:4]
    state, _ = read_safetensors(model_path)
    model = build_model(kind).eval()
    model.load_state_dict(state, strict=True)
    model.double()
    io, _ = read_safetensors(io_path)
    x = io["x"].double()
    if kind == "encoder_head":
        y = model(x, src_key_padding_mask=io["src_key_padding_mask"] != 0)
    else:
        y = model(x)
    y = y.detach()
    expected = io["y"].double()
    diff = (y - expected).abs()
    tol = 1e-4 * y.abs() + 1e-5 * y.abs().max()
    print(f"{kind}: {len(state)} tensors loaded strictly; max |torch - genex| = {diff.max().item():.3g}"
          f" (output scale {y.abs().max().item():.3g})")
    sys.exit(0 if bool((diff <= tol).all()) else 1)


if __name__ == "__main__":
    main()
