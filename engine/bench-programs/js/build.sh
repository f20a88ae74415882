#!/usr/bin/env bash
# Backstep's build of the MuJS JavaScript interpreter for the engine benchmark, written here.
#   build.sh MUJS_DIR OUT_DIR  ->  OUT_DIR/mujs.wasm (clang -O2 -g, wasm32-wasi) and OUT_DIR/mujs-native (cc -O2)
# MUJS_DIR is MuJS 1.3.2 as Debian 12 ships its source (README.md says how to get it); mujs.sha256 pins
# its files. WASI has no setjmp: the wasm build takes stub/setjmp.h, so a script that throws stops with a
# trap (bench.js never throws). Needs: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32.
# Keep wasm-opt off PATH (clang would run it and strip the name section).
source "$(dirname "$0")/../build-setup.sh"
bench_build_setup MUJS "$@"
mujs="$src"
(cd "$mujs" && sha256sum -c --quiet "$here/mujs.sha256")
# one.c includes every part of the library; main.c is MuJS's own command-line shell.
clang --target=wasm32-wasi -O2 -g -Wno-everything -I"$here/stub" "$mujs/one.c" "$mujs/main.c" -lm -o "$out/mujs.wasm"
cc -O2 -w "$mujs/one.c" "$mujs/main.c" -lm -o "$out/mujs-native"
ls -l "$out/mujs.wasm" "$out/mujs-native"
