#!/usr/bin/env bash
# build-ptx.sh — compile gpu/src/main/cuda/*.cu to PTX and check it with ptxas.
#
#   gpu/scripts/build-ptx.sh OUTDIR        e.g. gpu/target/ptx (what the Maven build does where nvcc exists)
#   gpu/scripts/build-ptx.sh --commit      regenerate the committed copy in gpu/src/main/resources/org/genex/gpu
#
# Flags: compute_80 PTX (JIT-compiled by the driver for Ampere, Hopper and later), -O3, -fmad=false (no fused
# multiply-add contraction, so float expressions round as the CPU backend's do) and no --use_fast_math (IEEE divide,
# sqrt and the accurate exp/log). The PTX is then assembled by ptxas for sm_90, which catches what the driver's JIT
# would reject, without a GPU. NVCC / PTXAS override the tools (default /usr/local/cuda/bin).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
ptxas=${PTXAS:-$(dirname "$nvcc")/ptxas}
out=${1:?usage: build-ptx.sh OUTDIR | --commit}
[[ $out == --commit ]] && out=$here/src/main/resources/org/genex/gpu
mkdir -p "$out"
for cu in "$here"/src/main/cuda/*.cu; do
  name=$(basename "$cu" .cu)
  # compile from the source directory with a relative name, so no absolute path can enter the PTX
  (cd "$here/src/main/cuda" && "$nvcc" -ptx -arch=compute_80 -O3 -fmad=false -std=c++17 -o "$out/$name.ptx.tmp" "$name.cu")
  mv "$out/$name.ptx.tmp" "$out/$name.ptx"
  "$ptxas" -arch=sm_90 -O3 "$out/$name.ptx" -o /dev/null
  echo "build-ptx: $out/$name.ptx ($(grep -c '^\.visible \.entry' "$out/$name.ptx") kernels, ptxas sm_90 ok)"
done
