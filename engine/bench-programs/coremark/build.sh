#!/usr/bin/env bash
# Backstep's build of EEMBC CoreMark with its own port (this folder), written here.
#   build.sh UPSTREAM_DIR OUT_DIR  ->  OUT_DIR/coremark.wasm (clang -O2 -g, wasm32-wasi) and OUT_DIR/coremark-native (cc -O2)
# UPSTREAM_DIR holds CoreMark's core files and coremark.md5 (README.md says where to get them).
# Needs: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32. Keep wasm-opt off PATH
# (clang would run it and strip the name section).
source "$(dirname "$0")/../build-setup.sh"
bench_build_setup UPSTREAM "$@"
port="$here"
upstream="$src"
(cd "$upstream" && md5sum -c --quiet coremark.md5)
srcs=("$upstream"/core_list_join.c "$upstream"/core_main.c "$upstream"/core_matrix.c
      "$upstream"/core_state.c "$upstream"/core_util.c "$port"/core_portme.c)

# build NAME COMPILER FLAGS...: the flags are those CoreMark reports as "Compiler flags".
build() {
    local name=$1 cc=$2; shift 2
    "$cc" "$@" "-DFLAGS_STR=\"$*\"" -I"$port" -I"$upstream" "${srcs[@]}" -o "$out/$name"
}
build coremark.wasm clang --target=wasm32-wasi -O2 -g
build coremark-native cc -O2
ls -l "$out/coremark.wasm" "$out/coremark-native"
