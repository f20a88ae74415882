#!/usr/bin/env bash
# Rebuilds the committed sample binaries samples/*.wasm from their sources.
#
#   ./build.sh            build every sample
#   ./build.sh fib sort   build only these samples
#
# C samples:  src/NAME.c   -> NAME.wasm  (clang --target=wasm32-wasi -O2 -g)
# WAT samples: src/NAME.wat -> NAME.wasm (wat2wasm --debug-names)
# bigprog:    gen/bigprog.py -> gen/bigprog.c (not committed) -> bigprog.wasm
#
# Builds are reproducible: the DWARF compilation directory is recorded as "."
# and source paths as src/NAME.c, so rebuilding unchanged sources on another
# machine with the same toolchain gives identical bytes.
set -euo pipefail

cd "$(dirname "$0")"
HERE="$(pwd)"

APT_LINE="sudo apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt python3"

die_toolchain() {
    echo "build.sh: $1" >&2
    echo "The Wasm toolchain is missing or incomplete. On Debian/Ubuntu install it with:" >&2
    echo "    $APT_LINE" >&2
    exit 1
}

# --- toolchain checks -------------------------------------------------------
for tool in clang wat2wasm python3; do
    command -v "$tool" >/dev/null 2>&1 || die_toolchain "'$tool' not found"
done
probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
printf '#include <stdio.h>\nint main(void){puts("ok");return 0;}\n' > "$probe_dir/probe.c"
if ! clang --target=wasm32-wasi -O2 "$probe_dir/probe.c" -o "$probe_dir/probe.wasm" 2> "$probe_dir/err"; then
    cat "$probe_dir/err" >&2
    die_toolchain "clang cannot build a wasm32-wasi program (needs lld's wasm-ld, wasi-libc and the wasm32 compiler-rt builtins)"
fi

CFLAGS=(--target=wasm32-wasi -O2 -g -Wall -Wextra "-fdebug-prefix-map=$HERE=.")

build_c() {   # build_c NAME SOURCE
    echo "  CC    $2 -> $1.wasm"
    clang "${CFLAGS[@]}" "$2" -o "$1.wasm"
}

build_wat() { # build_wat NAME
    echo "  WAT   src/$1.wat -> $1.wasm"
    wat2wasm --debug-names "src/$1.wat" -o "$1.wasm"
}

build_big() {
    echo "  GEN   gen/bigprog.py -> gen/bigprog.c"
    python3 gen/bigprog.py -o gen/bigprog.c
    echo "  CC    gen/bigprog.c -> bigprog.wasm (takes a while)"
    clang "${CFLAGS[@]}" gen/bigprog.c -o bigprog.wasm
}

build_one() {
    local name="$1"
    if [ "$name" = bigprog ]; then
        build_big
    elif [ -f "src/$name.c" ]; then
        build_c "$name" "src/$name.c"
    elif [ -f "src/$name.wat" ]; then
        build_wat "$name"
    else
        echo "build.sh: unknown sample '$name'" >&2
        exit 1
    fi
}

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in src/*.c src/*.wat; do
        n="$(basename "$f")"
        names+=("${n%.*}")
    done
    names+=(bigprog)
fi

echo "Building samples in $HERE"
for name in "${names[@]}"; do
    build_one "$name"
done
echo "Done."
ls -l ./*.wasm
