#!/bin/sh
# Builds native/kernels.c four times — SIMD128 and relaxed SIMD (-mrelaxed-simd: the GEMM's multiply-add becomes
# f32x4.relaxed_madd, see MADD in kernels.c), each importing a plain memory (the single-threaded tfjs wasm build)
# and a shared memory (the threaded build) — and writes all four, embedded as base64, into src/native/kernels-wasm.ts:
# the one shipped form of the module (see the README's Development section). Needs Debian's clang-16 and wasm-ld-16
# (apt-get install clang-16 lld-16). The output is deterministic, so CI rebuilds and compares
# (src/native/native-build.test.ts). Usage: sh native/build.sh [output-dir] (default src/native).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out_dir="${1:-$here/../src/native}"
mkdir -p "$out_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="--target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -ffreestanding -fno-builtin \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__stack_pointer -Wl,--strip-all"
shared="-matomics -Wl,--shared-memory -Wl,--max-memory=4294967296"
# shellcheck disable=SC2086
clang-16 $flags -o "$work/kernels.wasm" "$here/kernels.c"
# shellcheck disable=SC2086
clang-16 $flags $shared -o "$work/kernels-shared.wasm" "$here/kernels.c"
# shellcheck disable=SC2086
clang-16 $flags -mrelaxed-simd -o "$work/kernels-relaxed.wasm" "$here/kernels.c"
# shellcheck disable=SC2086
clang-16 $flags -mrelaxed-simd $shared -o "$work/kernels-relaxed-shared.wasm" "$here/kernels.c"
node "$here/embed.mjs" "$work/kernels.wasm" "$work/kernels-shared.wasm" "$work/kernels-relaxed.wasm" \
  "$work/kernels-relaxed-shared.wasm" "$out_dir/kernels-wasm.ts"
