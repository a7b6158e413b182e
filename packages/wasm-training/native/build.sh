#!/bin/sh
# Builds native/kernels.c into src/native/kernels.wasm (imports a plain memory: the single-threaded tfjs wasm
# build) and src/native/kernels-shared.wasm (imports a shared memory: the threaded build), plus the embedded copies
# in src/native/kernels-wasm.ts. Needs Debian's clang-16 and wasm-ld-16 (apt-get install clang-16 lld-16).
# The output is deterministic, so CI can rebuild and compare (see src/native/native-build.test.ts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out_dir="${1:-$here/../src/native}"
mkdir -p "$out_dir"
flags="--target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -ffreestanding -fno-builtin \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__stack_pointer -Wl,--strip-all"
# shellcheck disable=SC2086
clang-16 $flags -o "$out_dir/.kernels.wasm.tmp" "$here/kernels.c"
# shellcheck disable=SC2086
clang-16 $flags -matomics -Wl,--shared-memory -Wl,--max-memory=4294967296 \
  -o "$out_dir/.kernels-shared.wasm.tmp" "$here/kernels.c"
mv "$out_dir/.kernels.wasm.tmp" "$out_dir/kernels.wasm"
mv "$out_dir/.kernels-shared.wasm.tmp" "$out_dir/kernels-shared.wasm"
node "$here/embed.mjs" "$out_dir/kernels.wasm" "$out_dir/kernels-shared.wasm" "$out_dir/kernels-wasm.ts"
