#!/usr/bin/env python3
"""Writes the benchmark report (Markdown) from the sittings of scripts/bench.sh.

usage: bench_report.py RESULTS_DIR REPORT.md

A sitting is a folder RESULTS_DIR/<UTC stamp>/ holding JMH results (jmh-*.json) and the peers' logs (peak-*.txt,
openblas-*.txt, torch-train-*.txt, memory-*.txt). The kernel sections (peaks, SGEMM, elementwise, autodiff) read the
newest sitting with kernel results; the training section reads the newest sitting with jmh-train.json. Every genex
figure is set beside the peer measured in its own sitting, as a ratio. Figures are medians over the JMH iterations
of all forks.
"""
import datetime
import glob
import json
import os
import re
import statistics
import sys

GEMM_GOAL = 0.8       # SGEMM >= 0.8x OpenBLAS for N >= 512
STREAM_GOAL = 0.7     # large elementwise ops and reductions >= 70% of STREAM triad
AUTODIFF_GOAL = 0.10  # autodiff overhead (step time - its kernels' time) < 10% of the step
TRAIN_GOALS = {"transformer": 1.0, "mlp": 1.5}   # training steps/s >= this many times PyTorch's best configuration

# AutodiffBench: each autodiff step and the twin that makes the same kernel calls on preallocated tensors.
AUTODIFF_PAIRS = [("MLP 256-256-256-256, batch 128", "mlpStep", "mlpKernels"),
                  ("attention, fused", "attentionFused", "attentionKernels")]

# Bytes a benchmark moves per element, counted as STREAM counts (reads + writes, no write-allocate).
# Keys: JMH method names of ElementwiseBench / ReductionBench.
BYTES_PER_ELEMENT = {"add": 12, "mulScalar": 8, "exp": 8, "sum": 4, "columnSum": 4, "rowSoftmax": 8}
# Suites whose size is fixed rather than a parameter: elements per operation.
FIXED_ELEMENTS = {"columnSum": 4096 * 1024, "rowSoftmax": 4096 * 1024}


def stamp_of(path):
    m = re.search(r"(\d{8}T\d{6}Z)", os.path.basename(path))
    return datetime.datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ") if m else None


def foreign_load(text):
    return [float(x) for x in re.findall(r"foreign_load=([\d.]+)", text)]


def parse_peak(path):
    text = open(path).read()
    fma, stream = {}, {}
    for t, name, med in re.findall(r"threads=(\d) (\w+)\s+GFLOP/s median=\s*([\d.]+)", text):
        fma[(int(t), name)] = float(med)
    for t, name, med in re.findall(r"threads=(\d) (copy|triad|read)\s+GB/s median=\s*([\d.]+)", text):
        stream[(int(t), name)] = float(med)
    return fma, stream, foreign_load(text)


def parse_openblas(path):
    text = open(path).read()
    res = {}
    for m, k, n, one, two in re.findall(
            r"M=(\d+) K=(\d+) N=(\d+).*?1T GFLOP/s median=\s*([\d.]+).*?2T GFLOP/s median=\s*([\d.]+)", text):
        res[(int(m), int(k), int(n))] = {1: float(one), 2: float(two)}
    return res, foreign_load(text)


def parse_torch_train(path):
    """{workload: (best config, its median steps/s)} of one torch_train.py log, and the log's foreign load."""
    text = open(path).read()
    best, kind = {}, None
    for line in text.splitlines():
        m = re.match(r"(\w+): steps/rep=", line)
        if m:
            kind = m.group(1)
            continue
        m = re.match(r"\s+(torch\d/blas\d)\s+steps/s median=([\d.]+)", line)
        if m and kind:
            sps = float(m.group(2))
            if kind not in best or sps > best[kind][1]:
                best[kind] = (m.group(1), sps)
    return best, foreign_load(text)


def mnk(size):
    p = [int(x) for x in size.split("x")]
    return (p[0], p[0], p[0]) if len(p) == 1 else tuple(p)


def fmt(x, d=1):
    return "—" if x is None else f"{x:.{d}f}"


def seconds_per_op(unit, score):
    """A JMH score in seconds per operation, or None for a unit it does not know."""
    return {"ops/s": 1 / score, "ops/ms": 1e-3 / score, "ops/us": 1e-6 / score, "s/op": score,
            "ms/op": score * 1e-3, "us/op": score * 1e-6, "ns/op": score * 1e-9}.get(unit)


def median_seconds(run):
    """The median over all measured iterations (of every fork) of a JMH run, in seconds per operation. The median,
    not JMH's mean, because one iteration slowed down by another process on the shared machine moves the mean."""
    pm = run["primaryMetric"]
    raw = [x for fork in pm.get("rawData", []) for x in fork] or [pm["score"]]
    return seconds_per_op(pm["scoreUnit"], statistics.median(raw))


def main(results, report):
    sittings = sorted(d for d in glob.glob(os.path.join(results, "*")) if os.path.isdir(d) and stamp_of(d))
    kernel_sittings = [d for d in sittings if set(glob.glob(os.path.join(d, "jmh-*.json"))) - {os.path.join(d, "jmh-train.json")}]
    train_sittings = [d for d in sittings if os.path.exists(os.path.join(d, "jmh-train.json"))]
    data_sittings = [d for d in sittings if os.path.exists(os.path.join(d, "data-genex.txt"))]
    npp_sittings = [d for d in sittings if os.path.exists(os.path.join(d, "jmh-npp.json"))]
    walks_sittings = [d for d in sittings if glob.glob(os.path.join(d, "walks-genex-*.txt"))]
    gexbert_sittings = [d for d in sittings if glob.glob(os.path.join(d, "gexbert-genex-*.txt"))]
    kernel_sittings = [d for d in kernel_sittings if d not in npp_sittings]
    if not kernel_sittings and not train_sittings and not data_sittings and not npp_sittings and not walks_sittings \
            and not gexbert_sittings:
        sys.exit(f"bench_report: no sitting folder with results in {results}: run scripts/bench.sh first")
    sitting = (kernel_sittings or train_sittings or data_sittings or npp_sittings or walks_sittings
               or gexbert_sittings)[-1]
    when = stamp_of(sitting)
    jmh_files = sorted(set(glob.glob(os.path.join(sitting, "jmh-*.json"))) - {os.path.join(sitting, "jmh-train.json")})
    runs = [r for f in jmh_files for r in json.load(open(f))]
    jmh_foreign = [x for f in sorted(glob.glob(os.path.join(sitting, "jmh-*.log"))) for x in foreign_load(open(f).read())]
    peaks = sorted(glob.glob(os.path.join(sitting, "peak-*.txt")))
    blas = sorted(glob.glob(os.path.join(sitting, "openblas-*.txt")))
    fma, stream, peak_foreign = parse_peak(peaks[-1]) if peaks else ({}, {}, [])
    blas_runs = [parse_openblas(p) for p in blas]

    jvm = runs[0].get("vmName", "") + " " + runs[0].get("jdkVersion", "") if runs else ""
    out = []
    w = out.append
    w("# genex benchmark report\n")
    w(f"Measured {when:%Y-%m-%d %H:%M} UTC by `scripts/bench.sh` on this project's machine (2 cores, AMD Zen 4, "
      f"AVX-512; {jvm.strip()}). The machine is shared and noisy, so every genex figure stands beside its peer "
      f"measured in the same sitting, as a ratio; absolute figures from other days are not comparable.\n")
    w(f"Sources: `bench-results/{os.path.basename(sitting)}/`: " +
      ", ".join(f"`{os.path.basename(p)}`" for p in jmh_files) + " (JMH), " +
      ", ".join(f"`{os.path.basename(p)}`" for p in peaks + blas) + " (peers, `../shared/bench/peers.sh`). "
      "genex figures are medians over the JMH iterations of all forks.\n")
    loads = [("JMH", jmh_foreign), ("peak/STREAM", peak_foreign)] + \
            [(f"OpenBLAS run {i + 1}", r[1]) for i, r in enumerate(blas_runs)]
    w("Foreign load (CPU taken by other processes, in cores of 2; above ~0.1 a figure is suspect): " +
      "; ".join(f"{name} {', '.join(f'{x:.2f}' for x in l)}" for name, l in loads if l) + ".\n")

    # --- peak
    if fma or stream:
        w("## Machine peaks\n")
        w("| | 1 thread | 2 threads |\n|---|---|---|")
        for name in ("avx512_fp32", "avx2_fp32", "scalar_fp32"):
            if (1, name) in fma:
                w(f"| FMA peak {name} (GFLOP/s) | {fma[(1, name)]:.1f} | {fmt(fma.get((2, name)))} |")
        for name in ("copy", "triad", "read"):
            if (1, name) in stream:
                w(f"| STREAM {name} (GB/s) | {stream[(1, name)]:.1f} | {fmt(stream.get((2, name)))} |")
        w("")

    # --- GEMM
    gemm = {}
    for r in runs:
        if r["benchmark"].endswith("GemmBench.sgemm"):
            p = r["params"]
            m, k, n = mnk(p["size"])
            gemm[(p["impl"], (m, k, n), int(p["threads"]))] = 2.0 * m * n * k / median_seconds(r) / 1e9
    if gemm:
        w("## SGEMM (C = A B, float32, row-major)\n")
        w(f"GFLOP/s = 2 m n k / time. OpenBLAS is Debian's 0.3.21 `cblas_sgemm` (median of its runs in this "
          f"sitting); EJML is the pure-Java baseline. Goal: genex >= {GEMM_GOAL}x OpenBLAS for N >= 512, on 1 and 2 "
          f"threads.\n")
        w("| m x k x n | threads | genex | OpenBLAS | genex / OpenBLAS | EJML | genex / EJML | goal |")
        w("|---|---|---|---|---|---|---|---|")
        shapes = sorted({s for (_, s, _) in gemm}, key=lambda s: (s[0] * s[1] * s[2], s))
        for s in shapes:
            for t in (1, 2):
                g = gemm.get(("genex", s, t))
                if g is None:
                    continue
                ob = [r[0][s][t] for r in blas_runs if s in r[0]]
                o = statistics.median(ob) if ob else None
                e = gemm.get(("ejml", s, t))
                ratio = g / o if o else None
                goal = ""
                if ratio is not None and min(s) >= 256 and s != (256, 256, 256):
                    goal = "met" if ratio >= GEMM_GOAL else "**not met**"
                obs = " / ".join(f"{x:.1f}" for x in ob) if ob else "—"
                w(f"| {s[0]} x {s[1]} x {s[2]} | {t} | {g:.1f} | {obs} | {fmt(ratio, 2)} | {fmt(e)} | "
                  f"{fmt(g / e if e else None, 1)} | {goal} |")
        w("")

    # --- elementwise and reductions
    rows = []
    for r in runs:
        bench = r["benchmark"]
        if not ("ElementwiseBench" in bench or "ReductionBench" in bench):
            continue
        method = bench.rsplit(".", 1)[1]
        p = r["params"]
        n = FIXED_ELEMENTS.get(method, int(p["size"]) if p.get("size", "").isdigit() else None)
        per = BYTES_PER_ELEMENT.get(method)
        seconds = median_seconds(r)
        gbs = n * per / seconds / 1e9 if (n and per and seconds) else None
        threads = int(p.get("threads", 1))
        rows.append((method, p, n, threads, gbs))
    if rows:
        w("## Elementwise ops and reductions\n")
        w(f"GB/s counted as STREAM counts (bytes read + written, no write-allocate): "
          f"{', '.join(f'{k} {v} B/element' for k, v in BYTES_PER_ELEMENT.items())}. Goal: large ops >= "
          f"{STREAM_GOAL:.0%} of STREAM triad on the same thread count.\n")
        w("| op | params | elements | threads | GB/s | STREAM triad | ratio | goal |")
        w("|---|---|---|---|---|---|---|---|")
        for method, p, n, t, gbs in sorted(rows, key=lambda x: (x[0], x[3], x[2] or 0, str(x[1]))):
            triad = stream.get((t, "triad"))
            ratio = gbs / triad if gbs and triad else None
            goal = ""
            if ratio is not None and n and n >= (1 << 22):
                goal = "met" if ratio >= STREAM_GOAL else "**not met**"
            extra = ", ".join(f"{k}={v}" for k, v in sorted(p.items()) if k not in ("threads", "size"))
            w(f"| {method} | {extra} | {n or '—'} | {t} | {fmt(gbs)} | {fmt(triad)} | {fmt(ratio, 2)} | {goal} |")
        w("")

    # --- autodiff
    autodiff = {}                                       # (method, threads) -> median microseconds per step
    for r in runs:
        if ".AutodiffBench." in r["benchmark"]:
            sec = median_seconds(r)
            if sec is not None:
                autodiff[(r["benchmark"].rsplit(".", 1)[1], int(r["params"].get("threads", 0)))] = sec * 1e6
    if autodiff:
        threads = sorted({t for (_, t) in autodiff})
        w("## Autodiff\n")
        w(f"`AutodiffBench`: a training step through `Var` (forward and backward) beside a twin that makes the same "
          f"kernel calls, in the same order, directly on the backend with preallocated tensors. Overhead = step - "
          f"kernels: allocating results and gradients (and the garbage collection they cause), recording and walking "
          f"the graph. Goal: overhead < {AUTODIFF_GOAL:.0%} of the step. MLP: three 256 x 256 linear layers, ReLU, "
          f"MSE loss, batch 128. Attention: causal, q, k, v [8, 4, 128, 32], from a fixed output gradient. Times are "
          f"medians of the JMH iterations, in microseconds per step; an overhead within the noise can come out "
          f"negative. The steps allocate over 1 GB/s, so while the heap grows (the first seconds of a run) they are "
          f"several times slower; the suite's warm-up is long enough to leave that out.\n")
        w("| step | threads | step (us) | kernels (us) | overhead (us) | share of step | goal |")
        w("|---|---|---|---|---|---|---|")
        for label, step, kernels in AUTODIFF_PAIRS:
            for t in threads:
                a, k = autodiff.get((step, t)), autodiff.get((kernels, t))
                if a is None:
                    continue
                over = a - k if k is not None else None
                share = over / a if over is not None else None
                goal = "" if share is None else ("met" if share < AUTODIFF_GOAL else "**not met**")
                w(f"| {label} | {t} | {a:.0f} | {fmt(k, 0)} | {fmt(over, 0)} | "
                  f"{'—' if share is None else f'{share:.1%}'} | {goal} |")
        w("")
        if any(m == "attentionComposite" for (m, _) in autodiff):
            w("Fused attention (`Functional.scaledDotProductAttention`, one node) against the same attention built "
              "from primitives (`Composite.attention`: matmul, scale, mask, max, sub, exp, sum, div, matmul):\n")
            w("| threads | fused (us) | composite (us) | composite / fused |\n|---|---|---|---|")
            for t in threads:
                f, c = autodiff.get(("attentionFused", t)), autodiff.get(("attentionComposite", t))
                if f is None and c is None:
                    continue
                w(f"| {t} | {fmt(f, 0)} | {fmt(c, 0)} | {fmt(c / f if f and c else None, 2)} |")
            w("")

    # --- training steps
    if train_sittings:
        training_section(w, train_sittings[-1])
    if data_sittings:
        data_section(w, data_sittings[-1])
    if npp_sittings:
        npp_section(w, npp_sittings[-1])
    if walks_sittings:
        walks_section(w, walks_sittings[-1])
    if gexbert_sittings:
        gexbert_section(w, gexbert_sittings[-1])

    # --- everything else, raw
    known = ("GemmBench", "ElementwiseBench", "ReductionBench", "AutodiffBench", "TrainStepBench")
    other = [r for r in runs if not any(x in r["benchmark"] for x in known)]
    if other:
        w("## Other suites (raw JMH scores)\n")
        w("| benchmark | params | score | error | unit |\n|---|---|---|---|---|")
        for r in other:
            pm = r["primaryMetric"]
            w(f"| {r['benchmark'].replace('org.genex.bench.', '')} | "
              f"{', '.join(f'{k}={v}' for k, v in sorted(r.get('params', {}).items()))} | {pm['score']:.3f} | "
              f"{pm['scoreError']:.3f} | {pm['scoreUnit']} |")
        w("")
    w("## How to reproduce\n")
    w("```\nscripts/bench.sh          # peers + JMH + training + report, ~32 minutes on 2 cores\n"
      "scripts/bench.sh train    # the training section only, ~7 minutes\n"
      "scripts/bench.sh data     # the h5ad read-and-normalise section only, ~3 minutes\n"
      "scripts/bench.sh npp      # the NPP section only (MMD kernel, the two experiments timed)\n"
      "scripts/bench.sh walks    # the hypergraph walks + skip-gram section only, ~25 minutes\n"
      "scripts/bench.sh gexbert  # the GexBERT pre-training section only, ~4 minutes\n"
      "scripts/bench.sh report   # rebuild this page from bench-results/\n```\n")
    tmp = report + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(report)), exist_ok=True)
    with open(tmp, "w") as f:
        f.write("\n".join(out))
    os.replace(tmp, report)


def training_section(w, sitting):
    """genex's TrainStepBench beside PyTorch's torch_train.py (best thread configuration), run before and after."""
    runs = json.load(open(os.path.join(sitting, "jmh-train.json")))
    genex = {}                                           # (workload, threads) -> steps/s
    for r in runs:
        sec = median_seconds(r)
        if sec:
            genex[(r["params"]["workload"], int(r["params"]["threads"]))] = 1 / sec
    torch_logs = sorted(glob.glob(os.path.join(sitting, "torch-train-*.txt")))
    torch_runs = [parse_torch_train(p) for p in torch_logs]
    foreign = [x for p in torch_logs + [os.path.join(sitting, "jmh-train.log")] if os.path.exists(p)
               for x in foreign_load(open(p).read())]
    w("## Training steps against PyTorch\n")
    w(f"Sitting `bench-results/{os.path.basename(sitting)}/` ({stamp_of(sitting):%Y-%m-%d %H:%M} UTC): PyTorch "
      f"(`../shared/bench/peers.sh torch-train`, Debian's torch 1.13 on OpenBLAS) measured before and after genex's "
      f"`TrainStepBench`; the workloads are those of `../shared/bench/README.md` (transformer encoder: batch 32, 128 "
      f"tokens, d_model 128, 4 heads, 2 post-norm layers, FFN 512, Linear head, MSE, AdamW; MLP 784-256-256-10, "
      f"batch 128, MSE, AdamW). PyTorch's figure is its best thread configuration (torch:OpenBLAS threads) in each "
      f"run, median steps/s, and the ratio is taken to the faster of its two runs; genex's is the median of its JMH iterations. Goals: transformer >= "
      f"{TRAIN_GOALS['transformer']}x, MLP >= {TRAIN_GOALS['mlp']}x PyTorch. Foreign load: "
      f"{', '.join(f'{x:.2f}' for x in foreign) or 'not logged'}.\n")
    w("| workload | genex 1 thread | genex 2 threads | PyTorch best (before / after) | genex best / PyTorch | goal |")
    w("|---|---|---|---|---|---|")
    for kind in ("transformer", "mlp"):
        g1, g2 = genex.get((kind, 1)), genex.get((kind, 2))
        peers = [r[0][kind] for r in torch_runs if kind in r[0]]
        if g1 is None and g2 is None:
            continue
        best_g = max(x for x in (g1, g2) if x is not None)
        p = max(x[1] for x in peers) if peers else None          # the faster PyTorch run: the conservative ratio
        ratio = best_g / p if p else None
        goal = "" if ratio is None else ("met" if ratio >= TRAIN_GOALS[kind] else "**not met**")
        pt = " / ".join(f"{x[1]:.{1 if kind == 'transformer' else 0}f} ({x[0]})" for x in peers) or "—"
        d = 2 if kind == "transformer" else 0
        w(f"| {kind} | {fmt(g1, d)} | {fmt(g2, d)} | {pt} | {fmt(ratio, 2)} | {goal} |")
    w("")
    mem = os.path.join(sitting, "memory-transformer.txt")
    if os.path.exists(mem):
        text = open(mem).read()
        vals = dict(re.findall(r"(\w+)=([\d.]+)", text))
        if "sum" in vals:
            w("Memory of the transformer step (MB): parameters " + vals["parameters"] + ", their gradients " +
              vals["gradients"] + ", AdamW's two moments " + vals["adam_moments"] + ", activations held for backward "
              + vals["activations"] + " (live heap after the forward pass less before it); sum " + vals["sum"] +
              ". Peak heap: the step runs with `-Xmx" + vals.get("min_heap_mb", "?") + "m` (the smallest heap, in "
              "8 MB steps, with which 5 steps complete), " + (f"{float(vals['min_heap_mb']) / float(vals['sum']):.2f}"
              if "min_heap_mb" in vals else "?") + "x that sum.\n")


def npp_section(w, sitting):
    """MmdBench beside the NumPy MMD (before and after), and the wall/CPU time of the two NPP experiments."""
    runs = json.load(open(os.path.join(sitting, "jmh-npp.json")))
    genex = {}                                          # (n, d, kernel) -> {threads: entries/s}
    for r in runs:
        p = r["params"]
        sec = median_seconds(r)
        if sec:
            n = int(p["n"])
            genex.setdefault((n, int(p["d"]), p["kernel"]), {})[int(p["threads"])] = (2 * n) ** 2 / sec
    peer_log = os.path.join(sitting, "peer-mmd-numpy.log")
    text = open(peer_log).read() if os.path.exists(peer_log) else ""
    peer = {}
    for n, d, k, rate in re.findall(r"mmd n=(\d+) d=(\d+) kernel=(\w+): [\d.]+ ms/eval, ([\d.]+) M", text):
        peer.setdefault((int(n), int(d), k), []).append(float(rate) * 1e6)
    foreign = foreign_load(text) + (foreign_load(open(os.path.join(sitting, "jmh-npp.log")).read())
                                    if os.path.exists(os.path.join(sitting, "jmh-npp.log")) else [])
    w("## NPP: the MMD kernel against NumPy, and the experiments' run times\n")
    w(f"Sitting `bench-results/{os.path.basename(sitting)}/` ({stamp_of(sitting):%Y-%m-%d %H:%M} UTC): genex's "
      f"`MmdBench` (MMD² U-statistic with the median heuristic, two samples of n points in d dimensions, (2n)² "
      f"kernel entries per evaluation) between two runs of the authors' NumPy formulation "
      f"(`scripts/peers/mmd_numpy.py`, Debian's numpy); the ratio is to the faster NumPy run. Foreign load: "
      f"{', '.join(f'{x:.2f}' for x in foreign) or 'not logged'}.\n")
    w("| n | d | kernel | genex 1 thread (M entries/s) | genex 2 threads | NumPy (runs) | genex best / NumPy |")
    w("|---|---|---|---|---|---|---|")
    for key in sorted(genex):
        g = genex[key]
        best = max(g.values())
        pr = peer.get(key, [])
        ratio = f"{best / max(pr):.1f}" if pr else "—"
        w(f"| {key[0]} | {key[1]} | {key[2]} | {fmt(g.get(1, 0) / 1e6)} | {fmt(g.get(2, 0) / 1e6)} | "
          f"{' / '.join(f'{x / 1e6:.1f}' for x in pr) or '—'} | {ratio} |")
    w("")
    rows = []
    for name, what in (("npp-synthetic.log", "synthetic experiment, full settings (npp.md §3: 10 sample sizes, "
                        "100 repeats, M = 100, three divergences, and the Pólya-tree reference)"),
                       ("npp-application.log", "single-cell application, small configuration (npp.md §5)")):
        path = os.path.join(sitting, name)
        if not os.path.exists(path):
            continue
        t = open(path).read()
        m = re.search(r"exit=(\d+) wall=([\d.]+)s own_cpu=([\d.]+)s", t)
        if m:
            rows.append(f"| {what} | {m.group(2)} | {m.group(3)} | {m.group(1)} |")
    if rows:
        w("| run | wall s | CPU s | exit |\n|---|---|---|---|")
        for r in rows:
            w(r)
        w("\nTheir tables and plots beside the published numbers: [docs/npp/](npp/README.md).\n")


def walks_section(w, sitting):
    """WalkBench (DIPHW walks + skip-gram, both updates) beside walks_python.py (numpy + gensim), before and after."""
    genex, foreign = [], []
    for path in sorted(glob.glob(os.path.join(sitting, "walks-genex-*.txt"))):
        text = open(path).read()
        foreign += foreign_load(text)
        genex += [dict(re.findall(r"(\w+)=([\w.\-?]+)", l)) for l in text.splitlines() if l.startswith("result ")]
    peer = {}                                            # cells -> best walks/s, best tokens/s over the runs
    for path in sorted(glob.glob(os.path.join(sitting, "walks-python-*.txt"))):
        text = open(path).read()
        foreign += foreign_load(text)
        for cells, walks, tokens in re.findall(
                r"cells (\d+):.*?= (\d+) walks/s.*?= ([\d.]+) M tokens/s", text):
            best = peer.get(int(cells), (0.0, 0.0))
            peer[int(cells)] = (max(best[0], float(walks)), max(best[1], float(tokens) * 1e6))
    if not genex:
        return
    genex.sort(key=lambda r: (int(r["cells"]), r["sharedNegatives"], int(r.get("noisePool", "0"))))
    w("## Hypergraph walks + skip-gram\n")
    w(f"Sitting `bench-results/{os.path.basename(sitting)}/` ({stamp_of(sitting):%Y-%m-%d %H:%M} UTC): "
      f"`org.genex.bench.WalkBench` on simulated data (2,000 genes, 200 expressed genes per cell, 50 modules; CPM, "
      f"log2): DIPHW tables, 30 walks of 30 cells per cell (stored), skip-gram vector size 30, window 5, 5 negatives, "
      f"5 epochs, Hogwild on the pool's threads; `shared negatives` = `Word2VecConfig.sharedNegatives` (one noise draw "
      f"per window, the window updated as one block; off = gensim's update); `noise pool` = `Word2VecConfig.noisePool` "
      f"(each job's noise tokens picked from a pool of that many draws of the noise distribution); ARI = k-means "
      f"(k = 50) on the embedding against the planted modules, not timed. The peer is "
      f"`scripts/peers/walks_python.py` (dense numpy DIPHW matrix and vectorised walks, gensim 4 Word2Vec with 2 "
      f"workers), run before and after genex; the ratios are genex over the peer's better run. The goal "
      f"(issue [hypergraph]): 100,000 cells under 2 minutes on 2 cores. Foreign load: "
      f"{', '.join(f'{x:.2f}' for x in foreign) or 'not logged'}.\n")
    w("| cells | shared negatives | noise pool | threads | walks/s | x peer | skip-gram M tokens/s | x peer | "
      "tables + walks + skip-gram s (wall) | CPU s | load avg | ARI |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in genex:
        c = int(r["cells"])
        p = peer.get(c)
        wps, tps = float(r["walks_per_s"]), float(r["tokens_per_s"])
        w(f"| {c:,} | {r['sharedNegatives']} | {r.get('noisePool', '0')} | {r['threads']} | {wps:,.0f} | "
          f"{f'{wps / p[0]:.1f}' if p and p[0] else '—'} | {tps / 1e6:.2f} | "
          f"{f'{tps / p[1]:.1f}' if p and p[1] else '—'} | {float(r['wall_s']):.1f} | {float(r['cpu_s']):.1f} | "
          f"{r['load']} | {r.get('ari', '—')} |")
    for c, (wps, tps) in sorted(peer.items()):
        w(f"| {c:,} | Python peer | — | 2 | {wps:,.0f} | — | {tps / 1e6:.2f} | — | — | — | — | — |")
    w("")


def gexbert_section(w, sitting):
    """GexbertBench's main beside gexbert_torch_throughput.py, alternated, at 1 and 2 threads."""
    runs, foreign = {}, []                               # (library, threads) -> [tokens/s in run order]
    for path in sorted(glob.glob(os.path.join(sitting, "gexbert-*.txt"))):
        text = open(path).read()
        foreign += foreign_load(text)
        m = re.search(r"^(genex|torch)[^:]*GexBERT small: .*?, ([\d.]+) ms/step, (\d+) tokens/s \((\d+) threads\)",
                      text, re.M)
        if m:
            runs.setdefault((m.group(1), int(m.group(4))), []).append(float(m.group(3)))
    if not runs:
        return
    w("## GexBERT pre-training (issue [gexbert])\n")
    w(f"Sitting `bench-results/{os.path.basename(sitting)}/` ({stamp_of(sitting):%Y-%m-%d %H:%M} UTC): one "
      f"pre-training step of the small configuration (d 64, 4 heads, FFN 256, 2 encoder + 1 decoder blocks, dropout "
      f"0.1; batch 32 x 128 sampled gene tokens, 39 of them masked; restoration loss, backward, AdamW) in "
      f"`org.genex.bench.GexbertBench` and in `experiments/scripts/gexbert_torch_throughput.py` (the same "
      f"architecture in PyTorch, Debian's python3-torch), 20 s per run after 10 warm-up steps, the two alternated "
      f"with PyTorch first and last; PyTorch's BLAS pool is bounded to the same number of threads "
      f"(`OMP_NUM_THREADS`, `OPENBLAS_NUM_THREADS`: `torch.set_num_threads` alone leaves Debian's OpenBLAS on "
      f"both cores). Ratio = genex's median over PyTorch's median, tokens/s; the goal is >= 1.0x. "
      f"Foreign load: {', '.join(f'{x:.2f}' for x in foreign) or 'not logged'}.\n")
    w("| threads | genex tokens/s (runs) | PyTorch tokens/s (runs) | genex / PyTorch (medians) | worst pair |")
    w("|---|---|---|---|---|")
    for t in sorted({t for _, t in runs}):
        g, p = runs.get(("genex", t), []), runs.get(("torch", t), [])
        if not g or not p:
            continue
        ratio = statistics.median(g) / statistics.median(p)
        worst = min(x / y for x in g for y in p)
        w(f"| {t} | {', '.join(f'{x:,.0f}' for x in g)} | {', '.join(f'{x:,.0f}' for x in p)} | "
          f"**{ratio:.2f}x** | {worst:.2f}x |")
    w("")


def data_section(w, sitting):
    """DataReadBench (cold and warm JVM, and backed in chunks) beside anndata 0.8 + numpy, before and after."""
    def lines(name):
        path = os.path.join(sitting, name)
        if not os.path.exists(path):
            return [], []
        text = open(path).read()
        return [dict(re.findall(r"(\w+)=([\w.\-]+)", l)) for l in text.splitlines() if l.startswith("mode=")], \
            foreign_load(text)
    genex, f1 = lines("data-genex.txt")
    backed, f2 = lines("data-genex-backed.txt")
    peers, foreign = [], f1 + f2
    for n in ("data-anndata-1.txt", "data-anndata-2.txt"):
        p, f = lines(n)
        peers += p
        foreign += f
    if not genex:
        return
    best_peer = min(float(p["total_s"]) for p in peers) if peers else None
    g = genex[0]
    w("## Reading and normalising a sparse h5ad\n")
    w(f"Sitting `bench-results/{os.path.basename(sitting)}/` ({stamp_of(sitting):%Y-%m-%d %H:%M} UTC): a simulated "
      f"count matrix of {g['cells']} cells x {g['genes']} genes with {int(g['nnz']) / 1e6:.1f} M non-zeros "
      f"({g['file_mb']} MB h5ad, CSR, uncompressed as anndata writes it; `DataReadBench make`), read into memory and "
      f"normalised (normalize_total to 1e4, then log1p). The peer is anndata 0.8's `read_h5ad` with the same "
      f"normalisation in numpy (`scripts/peers/h5ad_anndata.py`), run before and after genex; the ratio is to its "
      f"faster run. `cold` is a fresh JVM (what a command-line user waits for), `warm` the third read in the same "
      f"JVM (what an embedding tool sees). Data in memory: {g['data_mb']} MB (values, indices, row pointers). "
      f"Foreign load: {', '.join(f'{x:.2f}' for x in foreign) or 'not logged'}.\n")
    w("| run | read s | normalise s | total s | peak memory MB | peak / data | peer total / genex total |")
    w("|---|---|---|---|---|---|---|")
    for r in genex[:1] + genex[-1:] + backed:
        ratio = f"{best_peer / float(r['total_s']):.2f}" if best_peer else "—"
        w(f"| genex {r['mode']} | {r['read_s']} | {r['normalise_s']} | {r['total_s']} | {r['peak_heap_mb']} (heap) "
          f"| {r['peak_over_data']} | {ratio} |")
    for i, p in enumerate(peers):
        w(f"| anndata run {i + 1} | {p['read_s']} | {p['normalise_s']} | {p['total_s']} | {p['peak_rss_mb']} (RSS) "
          f"| {float(p['peak_rss_mb']) / float(g['data_mb']):.2f} | — |")
    w("")
    heap = os.path.join(sitting, "data-min-heap.txt")
    if os.path.exists(heap):
        mb = float(re.search(r"min_heap_mb=(\d+)", open(heap).read()).group(1))
        w(f"The peak heap above is what the default (large) heap let the collector leave behind; the smallest heap "
          f"with which the cold read and normalisation complete is `-Xmx{mb:.0f}m`, {mb / float(g['data_mb']):.2f}x "
          f"the data (X read, then a normalised copy of its values).\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
