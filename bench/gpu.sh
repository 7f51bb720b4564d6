#!/usr/bin/env bash
# Runs the whole benchmark on a machine with a real GPU and prints the table (also
# written to bench/results/). Needs Node.js 20.19+, the fixtures folder (../shared or
# STUDIO_SHARED_DIR), and Chromium; installs the npm packages and, as root on Debian,
# Chromium when they are missing. Extra arguments go to bench/run.ts
# (e.g. --backends=webgpu,wasm).
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${STUDIO_SHARED_DIR:-../shared}"
if [ ! -f "$shared/models/efficientnet-lite0-dogs/model.tflite" ]; then
  echo "gpu.sh: no fixtures at $shared (models, datasets, images); set STUDIO_SHARED_DIR" >&2
  exit 1
fi
export STUDIO_SHARED_DIR="$(cd "$shared" && pwd)"

if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "gpu.sh: Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || {
    echo "gpu.sh: the npm packages could not be installed; on a machine with no registry, bring node_modules from a machine that has run npm ci" >&2
    exit 1
  }
fi

export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if ! command -v "$CHROMIUM_PATH" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
      echo "gpu.sh: Chromium could not be installed; on a machine with no package mirror, set CHROMIUM_PATH to a Chromium that is there" >&2
      exit 1
    fi
  else
    echo "gpu.sh: install Chromium first (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi

if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
fi

# Headless Chromium keeps the GPU off its blocklist only when told; Vulkan gives WebGPU
# (Dawn) and WebGL (ANGLE) the real device instead of SwiftShader.
export BENCH_CHROMIUM_ARGS="${BENCH_CHROMIUM_ARGS:---ignore-gpu-blocklist --use-angle=vulkan \
--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan --enable-gpu-rasterization}"

npx tsx bench/run.ts "$@"
