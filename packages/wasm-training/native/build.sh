#!/bin/sh
# Builds native/kernels.c into src/native/kernels.wasm and the embedded copy src/native/kernels-wasm.ts.
# Needs Debian's clang-16 and wasm-ld-16 (apt-get install clang-16 lld-16). Deterministic output.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out_dir="$here/../src/native"
mkdir -p "$out_dir"
tmp="$out_dir/.kernels.wasm.tmp"
clang-16 --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -ffreestanding -fno-builtin \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__stack_pointer -Wl,--strip-all \
  -o "$tmp" "$here/kernels.c"
mv "$tmp" "$out_dir/kernels.wasm"
node "$here/embed.mjs" "$out_dir/kernels.wasm" "$out_dir/kernels-wasm.ts"
