#!/usr/bin/env python3
"""PyTorch CUDA peer of org.genex.gpu.bench.GpuBench: the same measurements, the same CSV rows
(metric,shape,precision,value,unit) on stdout.

  sgemm / sgemm_batched   torch.mm / torch.bmm, FP32 and with torch.backends.cuda.matmul.allow_tf32 = True,
                          GFLOP/s timed with CUDA events around 10 products after 3 warm-up ones
  h2d / d2h               256 MiB copies from / to pageable and pinned host tensors, GB/s
  launch                  an empty elementwise op (torch.Tensor.add_ of 0 on one element) per launch, us
  train_step              the transformer step of GpuBench in eager mode: nn.TransformerEncoder of 6 post-norm layers
                          (d_model 512, 8 heads, FFN 2048, ReLU, dropout 0, batch_first) and Linear(512, 512), batch
                          64 x 512 tokens, MSE against a random target, AdamW lr 1e-3; steps/s over 10 steps

Run: python3 scripts/peers/gpu_torch.py [quick]   (scripts/gpu-run.sh device runs it when torch has CUDA)
"""
import sys
import time

import torch

QUICK = len(sys.argv) > 1 and sys.argv[1] == "quick"
REPS = 2 if QUICK else 10
dev = torch.device("cuda:0")


def row(metric, shape, prec, value, unit):
    print(f"{metric},{shape},{prec},{value:.3f},{unit}", flush=True)


def timed_ms(fn, reps):
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        fn()
    stop.record()
    torch.cuda.synchronize()
    return start.elapsed_time(stop)


def gemm(prec, m, n, k):
    g = torch.Generator(device=dev).manual_seed(1)
    a = torch.randn(m, k, device=dev, generator=g)
    b = torch.randn(k, n, device=dev, generator=g)
    c = torch.empty(m, n, device=dev)
    for _ in range(3):
        torch.mm(a, b, out=c)
    ms = timed_ms(lambda: torch.mm(a, b, out=c), REPS)
    row("sgemm", f"{m}x{n}x{k}", prec, 2.0 * m * n * k * REPS / (ms * 1e-3) / 1e9, "GFLOP/s")


def batched(prec, m, n, k, batch):
    g = torch.Generator(device=dev).manual_seed(2)
    a = torch.randn(batch, m, k, device=dev, generator=g)
    b = torch.randn(batch, k, n, device=dev, generator=g)
    c = torch.empty(batch, m, n, device=dev)
    for _ in range(3):
        torch.bmm(a, b, out=c)
    ms = timed_ms(lambda: torch.bmm(a, b, out=c), REPS)
    row("sgemm_batched", f"{batch}x{m}x{n}x{k}", prec, 2.0 * m * n * k * batch * REPS / (ms * 1e-3) / 1e9, "GFLOP/s")


def bandwidth():
    n = 64 << 20
    nbytes = 4 * n
    reps = 2 if QUICK else 5
    d = torch.empty(n, device=dev)
    for kind, host in (("pageable", torch.empty(n)), ("pinned", torch.empty(n).pin_memory())):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(reps):
            d.copy_(host)
        torch.cuda.synchronize()
        row("h2d", "256MiB", kind, nbytes * reps / (time.perf_counter() - t0) / 1e9, "GB/s")
        t0 = time.perf_counter()
        for _ in range(reps):
            host.copy_(d)
        torch.cuda.synchronize()
        row("d2h", "256MiB", kind, nbytes * reps / (time.perf_counter() - t0) / 1e9, "GB/s")


def launch():
    x = torch.zeros(1, device=dev)
    for _ in range(1000):
        x.add_(0)
    torch.cuda.synchronize()
    n = 2000 if QUICK else 20000
    t0 = time.perf_counter()
    for _ in range(n):
        x.add_(0)
    torch.cuda.synchronize()
    row("launch", "empty_kernel", "-", (time.perf_counter() - t0) * 1e6 / n, "us/launch")


def train_step(prec):
    torch.manual_seed(42)
    batch, tokens, d, heads, ffn, layers = 64, 512, 512, 8, 2048, 6
    layer = torch.nn.TransformerEncoderLayer(d, heads, ffn, dropout=0.0, activation="relu", layer_norm_eps=1e-5,
                                             batch_first=True, norm_first=False, bias=True)
    model = torch.nn.Sequential(torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False),
                                torch.nn.Linear(d, d)).to(dev)
    x = torch.randn(batch, tokens, d, device=dev)
    y = torch.randn(batch, tokens, d, device=dev)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss = (model(x) - y).square().mean()
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(1 if QUICK else 3):
        step()
    t0 = time.perf_counter()
    for _ in range(REPS):
        step()
    row("train_step", "transformer_b64_t512_d512_h8_l6", prec, REPS / (time.perf_counter() - t0), "steps/s")


def main():
    print(f"# torch {torch.__version__}, {torch.cuda.get_device_name(0)}", file=sys.stderr)
    print("metric,shape,precision,value,unit")
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        prec = "tf32" if tf32 else "fp32"
        gemm(prec, 4096, 4096, 4096)
        gemm(prec, 32768, 512, 512)
        gemm(prec, 32768, 2048, 512)
        gemm(prec, 32768, 512, 2048)
        batched(prec, 512, 512, 512, 64)
        batched(prec, 512, 512, 64, 512)
    torch.backends.cuda.matmul.allow_tf32 = False
    bandwidth()
    launch()
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        train_step("tf32" if tf32 else "fp32")
    torch.backends.cuda.matmul.allow_tf32 = False


if __name__ == "__main__":
    main()
