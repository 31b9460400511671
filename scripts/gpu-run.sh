#!/usr/bin/env bash
# gpu-run.sh — the GPU checks of the gpu module: the tests that need a GPU and the two benchmarks.
#
#   scripts/gpu-run.sh bundle    on the build machine (JDK, Maven): build gpu and its dependencies and pack them
#                                into .gpu/ with ../shared/tools/gpu-bundle.sh (runtime, jars, test classes, launcher)
#   scripts/gpu-run.sh device    on the lent GPU machine (no JDK needed), from the project root with .gpu/ beside:
#                                the gpu tests through the JUnit console, GpuBench, and PyTorch's peer if torch is
#                                installed; results under $OUT (or bench-results/gpu) as text and CSV
#   scripts/gpu-run.sh quick     as device, with GpuBench's quick mode (a smoke test of a few seconds)
#
# gpu-bundle.sh resolves each module's dependencies from the local repository (it expects installed snapshots);
# genex's rule is never to `mvn install` into the shared ~/.m2, so `bundle` gives it a shim `mvn` on PATH that
# answers its copy-dependencies call from the reactor (package + copy-dependencies of gpu and the modules it needs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-device}

bundle() {
  mvn -B -q -pl gpu -am package -DskipTests
  shim=$(mktemp -d)
  real=$(command -v mvn)
  cat >"$shim/mvn" <<SHIM
#!/usr/bin/env bash
# copy-dependencies of a module, answered from the reactor (no installed snapshots needed); anything else: real mvn
if [[ " \$* " == *" dependency:copy-dependencies "* ]]; then
  module=\$(basename "\$PWD")
  args=()
  for a in "\$@"; do [[ \$a == dependency:copy-dependencies || \$a == -q ]] || args+=("\$a"); done
  exec "$real" -q -B -f "$root/pom.xml" -pl "\$module" -am package dependency:copy-dependencies -DskipTests "\${args[@]}"
fi
exec "$real" "\$@"
SHIM
  chmod +x "$shim/mvn"
  # (gpu-bundle.sh's closing size report may fail; what matters is checked below)
  PATH="$shim:$PATH" bash ../shared/tools/gpu-bundle.sh gpu || true
  rm -rf "$shim"
  for f in .gpu/java .gpu/jre.tgz .gpu/junit-console.jar .gpu/test-classes/org/genex/gpu/CudaBackendTest.class; do
    [[ -e $f ]] || { echo "gpu-run: the bundle lacks $f" >&2; exit 1; }
  done
  ls .gpu/lib/*genex-gpu*.jar .gpu/lib/*jcuda-natives*linux-x86_64.jar .gpu/lib/*jna*.jar >/dev/null
  echo "gpu-run: .gpu/ is ready ($(ls .gpu/lib | wc -l) jars, $(du -sh .gpu | cut -f1)); carry it to the GPU machine"
}

device() {
  local quick=${1:-}
  [[ -x .gpu/java ]] || { echo "gpu-run: no .gpu/ here: run 'scripts/gpu-run.sh bundle' on the build machine" >&2; exit 2; }
  out=${OUT:-bench-results/gpu}
  mkdir -p "$out"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt" || true
  cp=".gpu/test-classes:$(ls .gpu/lib/*.jar | tr '\n' :)"
  # 1. the tests (CudaBackendTest and TrainerOnGpuTest run here instead of skipping)
  bash .gpu/java -jar .gpu/junit-console.jar execute -cp "$cp" --select-package org.genex.gpu \
    --details=tree --disable-banner 2>&1 | tee "$out/tests.txt" || true
  # 2. genex's benchmark
  bash .gpu/java -Xmx16g -cp "$cp" org.genex.gpu.bench.GpuBench $quick >"$out/genex_gpu.csv" 2>"$out/genex_gpu.log" || true
  cat "$out/genex_gpu.csv" "$out/genex_gpu.log"
  # 3. PyTorch's, the same rows
  if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    python3 scripts/peers/gpu_torch.py $quick >"$out/torch_gpu.csv" 2>"$out/torch_gpu.log" || true
    cat "$out/torch_gpu.csv"
  else
    echo "gpu-run: no PyTorch with CUDA here: skipped scripts/peers/gpu_torch.py" | tee "$out/torch_gpu.log"
  fi
}

case $mode in
  bundle) bundle ;;
  device) device ;;
  quick) device quick ;;
  *) echo "usage: scripts/gpu-run.sh bundle | device | quick" >&2; exit 2 ;;
esac
