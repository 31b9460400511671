#!/usr/bin/env bash
# bench.sh — measures genex beside its peers in one sitting and writes docs/benchmarks.md.
#   scripts/bench.sh            peers (FMA peak + STREAM, OpenBLAS), genex's JMH suites, OpenBLAS again, then the
#                               training steps beside PyTorch (as `train`) and the h5ad case (as `data`); ~35 min
#   scripts/bench.sh train      only the training steps: PyTorch (peers.sh torch-train), genex's TrainStepBench,
#                               PyTorch again, and the transformer step's memory; ~7 min
#   scripts/bench.sh data       reading and normalising a simulated 100,000 x 20,000 sparse h5ad (15 M non-zeros),
#                               beside anndata 0.8 (scripts/peers/h5ad_anndata.py) before and after; ~3 min
#   scripts/bench.sh npp        the NPP workloads: the MMD^2 kernel beside NumPy (scripts/peers/mmd_numpy.py, Debian's
#                               python3-numpy, before and after genex's MmdBench), then the timed synthetic experiment
#                               (full settings) and single-cell application (small settings); ~30 min on an idle machine
#   scripts/bench.sh walks      hypergraph DIPHW walks + skip-gram (org.genex.bench.WalkBench, 30 walks x 30 cells
#                               per cell, vector size 30, 5 epochs) at 1,000 / 4,000 / 10,000 cells, gensim's update and
#                               window-shared negatives, beside the Python peer (scripts/peers/walks_python.py: numpy
#                               walks + gensim 4, Debian's python3-gensim) before and after; then the goal size, 100,000
#                               cells, with both updates; ~25 min on an idle machine
#   scripts/bench.sh gexbert    GexBERT pre-training throughput (the small configuration, org.genex.bench.GexbertBench)
#                               beside the same architecture in PyTorch CPU (experiments/scripts/
#                               gexbert_torch_throughput.py, Debian's python3-torch), alternated: PyTorch, genex,
#                               PyTorch, genex, PyTorch at 1 and at 2 threads (PyTorch's BLAS pool bounded to as many),
#                               20 s each; ~4 min
#   scripts/bench.sh report     rewrite docs/benchmarks.md from the newest results in bench-results/
# Environment: JMH_ARGS (extra JMH options, e.g. "-wi 1 -i 3"), SUITES (JMH include regex of the suites after
# SGEMM, default "ElementwiseBench|ReductionBench|AutodiffBench").
# Each sitting writes its own folder, bench-results/<UTC stamp>/; each section of the report reads the newest
# sitting that measured it.
# The JMH forks get a fixed, pre-touched 3 GB heap: otherwise the first seconds of an allocating suite (autodiff
# allocates every result) run several times slower while the young generation grows page by page.
# The machine is shared and noisy: the report quotes ratios of figures measured in the same run, and each peer's
# log records the CPU time other processes took meanwhile (foreign_load).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=$root/bench-results
mkdir -p "$out"

jmh() {   # jmh NAME JMH-ARGS...: one JMH run into this sitting's folder, its foreign load logged
  local name=$1; shift
  # shellcheck disable=SC2086
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/jmh-$name.log" -- \
    "$jdk/bin/java" $flags -jar jmh-benchmarks/target/benchmarks.jar "$@" \
    -jvmArgsAppend "-Xms3g -Xmx3g -XX:+AlwaysPreTouch" -p threads=1,2 -rf json -rff "$sitting/jmh-$name.json" ${JMH_ARGS:-}
}

train() {  # the training steps beside PyTorch's, PyTorch measured before and after genex; then memory
  BENCH_OUT=$sitting ../shared/bench/peers.sh torch-train
  jmh train TrainStepBench
  BENCH_OUT=$sitting ../shared/bench/peers.sh torch-train
  # memory: parameters, gradients, AdamW moments, activations; then the smallest -Xmx (8 MB steps) that runs
  # 5 transformer steps
  local f=$sitting/memory-transformer.txt cp=jmh-benchmarks/target/benchmarks.jar lo=8 hi=1024 mid
  # shellcheck disable=SC2086
  "$jdk/bin/java" $flags -cp $cp org.genex.bench.TrainStepBench memory transformer 2>/dev/null > "$f"
  while (( hi - lo > 8 )); do
    mid=$(( (lo + hi) / 16 * 8 ))
    # shellcheck disable=SC2086
    if "$jdk/bin/java" $flags -Xmx${mid}m -cp $cp org.genex.bench.TrainStepBench transformer 2 1 >/dev/null 2>&1
    then hi=$mid; else lo=$mid; fi
  done
  echo "min_heap_mb=$hi (the smallest -Xmx, in steps of 8 MB, with which 5 transformer steps run)" >> "$f"
  cat "$f"
}

data() {  # the data module's read-and-normalise case beside anndata, anndata measured before and after genex
  local f=$out/data-100k-20k.h5ad cp=jmh-benchmarks/target/benchmarks.jar
  # shellcheck disable=SC2086
  [[ -f $f ]] || "$jdk/bin/java" $flags -cp $cp org.genex.bench.DataReadBench make "$f" 100000 20000 170
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/data-anndata-1.txt" -- \
    /usr/bin/python3 scripts/peers/h5ad_anndata.py "$f"
  # shellcheck disable=SC2086
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/data-genex.txt" -- \
    "$jdk/bin/java" $flags -cp $cp org.genex.bench.DataReadBench read "$f" 3
  # shellcheck disable=SC2086
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/data-genex-backed.txt" -- \
    "$jdk/bin/java" $flags -cp $cp org.genex.bench.DataReadBench backed "$f" 10000
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/data-anndata-2.txt" -- \
    /usr/bin/python3 scripts/peers/h5ad_anndata.py "$f"
  # the smallest -Xmx (8 MB steps) with which the cold read and normalisation complete
  local lo=8 hi=4096 mid
  while (( hi - lo > 8 )); do
    mid=$(( (lo + hi) / 16 * 8 ))
    # shellcheck disable=SC2086
    if "$jdk/bin/java" $flags -Xmx${mid}m -cp $cp org.genex.bench.DataReadBench read "$f" 1 >/dev/null 2>&1
    then hi=$mid; else lo=$mid; fi
  done
  echo "min_heap_mb=$hi" > "$sitting/data-min-heap.txt"
  cat "$sitting"/data-*.txt | grep -E "mode=|min_heap"
}

npp() {  # the NPP sitting: MMD kernel entries/s beside NumPy, then the two experiments' wall times
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/peer-mmd-numpy.log" -- /usr/bin/python3 scripts/peers/mmd_numpy.py
  jmh npp MmdBench
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/peer-mmd-numpy.log" -- /usr/bin/python3 scripts/peers/mmd_numpy.py
  local cp=jmh-benchmarks/target/benchmarks.jar
  # shellcheck disable=SC2086
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/npp-synthetic.log" -- "$jdk/bin/java" $flags -Xmx6g -cp $cp \
    org.genex.algorithms.bayes.experiments.SyntheticExperiment --settings full --out "$sitting/npp-synthetic"
  # shellcheck disable=SC2086
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/npp-application.log" -- "$jdk/bin/java" $flags -Xmx4g -cp $cp \
    org.genex.algorithms.bayes.experiments.SingleCellApplication --settings small --fixtures ../shared/fixtures/npp \
    --out "$sitting/npp-application"
}

walks() {  # WalkBench beside the Python peer at the peer's sizes (peer before and after), then 100,000 cells
  local cp=jmh-benchmarks/target/benchmarks.jar c sn
  /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/walks-python-1.txt" -- \
    /usr/bin/python3 scripts/peers/walks_python.py 1000 4000 10000
  for c in 1000 4000 10000 100000; do
    [[ $c == 100000 ]] && /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/walks-python-2.txt" -- \
      /usr/bin/python3 scripts/peers/walks_python.py 1000 4000 10000
    # gensim's update, the window-shared negatives, and (at the goal size) those with a per-job noise pool; at the
    # goal size each run also scores its embedding (k-means ARI against the planted modules, not timed)
    for sn in false true pool; do
      [[ $sn == pool && $c != 100000 ]] && continue
      local opts="sharedNegatives=$sn"
      [[ $sn == pool ]] && opts="sharedNegatives=true noisePool=4096"
      [[ $c == 100000 ]] && opts="$opts ari=true"
      # shellcheck disable=SC2086
      /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/walks-genex-$c-$sn.txt" -- "$jdk/bin/java" $flags \
        -Xmx8g -cp $cp org.genex.bench.WalkBench cells=$c $opts
    done
  done
  grep -h "^result\|^cells" "$sitting"/walks-*.txt
}

gexbert() {  # GexBERT pre-training steps beside PyTorch's, alternated (the peer first and last) at 1 and 2 threads
  local cp=jmh-benchmarks/target/benchmarks.jar t round
  for t in 1 2; do
    for round in 1 2 3; do
      # torch.set_num_threads does not bound the BLAS library's own pool (Debian's torch calls OpenBLAS, which
      # otherwise takes both cores at "1 thread"): the environment does
      OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t \
        /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/gexbert-torch-$t-$round.txt" -- \
        /usr/bin/python3 experiments/scripts/gexbert_torch_throughput.py $t 20
      [[ $round == 3 ]] && break
      # shellcheck disable=SC2086
      /usr/bin/python3 ../shared/bench/lib/runwrap.py "$sitting/gexbert-genex-$t-$round.txt" -- \
        "$jdk/bin/java" $flags -Xmx2g -cp $cp org.genex.bench.GexbertBench $t 20
    done
  done
  grep -h "GexBERT small" "$sitting"/gexbert-*.txt
}

if [[ ${1:-} != report ]]; then
  jdk=$("$root/bin/find-jdk")
  flags=$(sed -n 's:.*<genex.jvm.flags>\(.*\)</genex.jvm.flags>.*:\1:p' pom.xml)
  mvn -q -B -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
  sitting=$out/$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$sitting"
fi
if [[ ${1:-} == train ]]; then
  train
elif [[ ${1:-} == data ]]; then
  data
elif [[ ${1:-} == npp ]]; then
  npp
elif [[ ${1:-} == walks ]]; then
  walks
elif [[ ${1:-} == gexbert ]]; then
  gexbert
elif [[ ${1:-} != report ]]; then
  BENCH_OUT=$sitting ../shared/bench/peers.sh peak
  # genex's SGEMM between two OpenBLAS runs, so the ratio compares figures minutes apart
  BENCH_OUT=$sitting ../shared/bench/peers.sh openblas
  jmh gemm GemmBench -p impl=genex -f 2
  BENCH_OUT=$sitting ../shared/bench/peers.sh openblas
  jmh ejml GemmBench -p impl=ejml
  jmh rest "${SUITES:-ElementwiseBench|ReductionBench|AutodiffBench}" -p path=vector
  train
  data
fi
/usr/bin/python3 scripts/bench_report.py "$out" docs/benchmarks.md
echo "wrote docs/benchmarks.md"
