#!/usr/bin/env bash
# bench.sh — measures genex beside its peers in one sitting and writes docs/benchmarks.md.
#   scripts/bench.sh            peers (FMA peak + STREAM, OpenBLAS), genex's JMH suites, OpenBLAS again; ~25 min
#   scripts/bench.sh report     rewrite docs/benchmarks.md from the newest results in bench-results/
# Environment: JMH_ARGS (extra JMH options, e.g. "-wi 1 -i 3"), SUITES (JMH include regex of the suites after
# SGEMM, default "ElementwiseBench|ReductionBench|AutodiffBench").
# Each sitting writes its own folder, bench-results/<UTC stamp>/; the report reads the newest one.
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

if [[ ${1:-} != report ]]; then
  jdk=$("$root/bin/find-jdk")
  flags=$(sed -n 's:.*<genex.jvm.flags>\(.*\)</genex.jvm.flags>.*:\1:p' pom.xml)
  mvn -q -B -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
  sitting=$out/$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$sitting"
  BENCH_OUT=$sitting ../shared/bench/peers.sh peak
  # genex's SGEMM between two OpenBLAS runs, so the ratio compares figures minutes apart
  BENCH_OUT=$sitting ../shared/bench/peers.sh openblas
  jmh gemm GemmBench -p impl=genex -f 2
  BENCH_OUT=$sitting ../shared/bench/peers.sh openblas
  jmh ejml GemmBench -p impl=ejml
  jmh rest "${SUITES:-ElementwiseBench|ReductionBench|AutodiffBench}" -p path=vector
fi
/usr/bin/python3 scripts/bench_report.py "$out" docs/benchmarks.md
echo "wrote docs/benchmarks.md"
