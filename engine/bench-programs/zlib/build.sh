#!/usr/bin/env bash
# Backstep's build of zlib with its own benchmark driver (this folder), written here.
#   build.sh ZLIB_DIR OUT_DIR  ->  OUT_DIR/zlib_bench.wasm (clang -O2 -g, wasm32-wasi) and OUT_DIR/zlib_bench-native (cc -O2)
# ZLIB_DIR is zlib 1.2.13 as Debian 12 ships its source (README.md says how to get it); zlib.sha256
# pins the files used. Needs: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32.
# Keep wasm-opt off PATH (clang would run it and strip the name section).
source "$(dirname "$0")/../build-setup.sh"
bench_build_setup ZLIB "$@"
zlib="$src"
(cd "$zlib" && sha256sum -c --quiet "$here/zlib.sha256")
srcs=()
for f in adler32 compress crc32 deflate inffast inflate inftrees trees uncompr zutil; do srcs+=("$zlib/$f.c"); done
clang --target=wasm32-wasi -O2 -g -Wno-everything -I"$zlib" "${srcs[@]}" "$here/zlib_bench.c" -o "$out/zlib_bench.wasm"
cc -O2 -w -I"$zlib" "${srcs[@]}" "$here/zlib_bench.c" -o "$out/zlib_bench-native"
ls -l "$out/zlib_bench.wasm" "$out/zlib_bench-native"
