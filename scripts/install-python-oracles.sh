#!/usr/bin/env bash
# Installs the Debian packages whose Python modules the tests use as reference implementations:
# h5py (libhdf5), anndata (reads our h5ad files back), scipy (npz), numpy. Needs root and apt; a no-op when the
# modules are already importable.
set -euo pipefail
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import h5py, anndata, scipy, numpy' 2>/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "install-python-oracles: needs root and apt-get (packages: python3-h5py python3-anndata python3-scipy)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
PKGS="python3-h5py python3-anndata python3-scipy python3-numpy"
apt-get install -y -q $PKGS >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q $PKGS >/dev/null; }
"$PY" -c 'import h5py, anndata, scipy, numpy; print("python oracles: h5py", h5py.__version__, "anndata", anndata.__version__)'
