#!/usr/bin/env bash
# Rebuilds the DWARF reader's test modules from types.c (tests never need clang: the outputs are committed).
#   types.O0.wasm / types.O2.wasm         DWARF 4 (clang 14's default for wasm32)
#   types.O0.dwarf5.wasm / types.O2.dwarf5.wasm   DWARF 5 (-gdwarf-5)
#   tiny.wasm / tiny.dwarf5.wasm           freestanding -O2 module with small debug sections (fuzz test)
#   inline.O2.wasm                         inline.c at -O2: scale() inlined twice into main (inlined frames)
#   corruption.O0.wasm                     samples/src/corruption.c at -O0 (source-level stepping tests;
#       the -O2 build is samples/corruption.wasm)
#   classes.O0.wasm                        classes.cpp, freestanding C++ at -O0 (a class, a bit field, int&,
#       int&&: the C++ entries)
#   types.O0.lldb.wasm                    the O0 build tuned for lldb (bit fields as DW_AT_data_bit_offset) with
#       its arrays' bounds rewritten in the IR as lower and upper bound (DW_AT_upper_bound): forms clang
#       14 emits for C only this way
#   types.stripped.wasm + types.debug.wasm   the O0 module without its .debug_* sections, and an
#       external_debug_info section naming types.debug.wasm (a copy of types.O0.wasm)
# Then regenerates the llvm-dwarfdump references (./dump.sh).
# Needs: clang lld wasi-libc libclang-rt-14-dev-wasm32 python3 (and llvm-14 for dump.sh).
set -euo pipefail
cd "$(dirname "$0")"
HERE="$(pwd)"
CFLAGS=(--target=wasm32-wasi -g -Wall "-fdebug-prefix-map=$HERE=.")
# binaryen's wasm-opt, if on PATH, would strip the name section: keep it off.
PATH="$(echo "$PATH" | tr ':' '\n' | while read -r d; do [ -x "$d/wasm-opt" ] || echo "$d"; done | paste -sd:)"
clang "${CFLAGS[@]}" -O0 types.c -o types.O0.wasm
clang "${CFLAGS[@]}" -O2 types.c -o types.O2.wasm
clang "${CFLAGS[@]}" -gdwarf-5 -O0 types.c -o types.O0.dwarf5.wasm
clang "${CFLAGS[@]}" -gdwarf-5 -O2 types.c -o types.O2.dwarf5.wasm
TINY=(--target=wasm32 -nostdlib -Wl,--no-entry -g -O2 "-fdebug-prefix-map=$HERE=.")
SAMPLES="$(cd ../../../../../samples && pwd)"
clang "${CFLAGS[@]}" -O0 "-fdebug-prefix-map=$SAMPLES=." "$SAMPLES/src/corruption.c" -o corruption.O0.wasm
clang "${CFLAGS[@]}" -glldb -O0 -S -emit-llvm types.c -o - \
    | python3 -c 'import re, sys; sys.stdout.write(re.sub(r"DISubrange\(count: (\d+)\)",
        lambda m: "DISubrange(lowerBound: 0, upperBound: %d)" % (int(m.group(1)) - 1), sys.stdin.read()))' \
    | clang "${CFLAGS[@]}" -glldb -O0 -x ir - -o types.O0.lldb.wasm
clang "${CFLAGS[@]}" -O2 inline.c -o inline.O2.wasm
clang "${TINY[@]}" tiny.c -o tiny.wasm
clang++ --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--export=run -g -O0 "-fdebug-prefix-map=$HERE=." classes.cpp -o classes.O0.wasm
clang "${TINY[@]}" -gdwarf-5 tiny.c -o tiny.dwarf5.wasm
cp types.O0.wasm types.debug.wasm
python3 - <<'PY'
def leb(b, p):
    r = s = 0
    while True:
        x = b[p]; p += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, p
def enc(n):
    out = bytearray()
    while True:
        x = n & 0x7f; n >>= 7
        out.append(x | (0x80 if n else 0))
        if not n: return bytes(out)
b = open("types.O0.wasm", "rb").read()
out = bytearray(b[:8]); p = 8
while p < len(b):
    start = p; sid = b[p]; p += 1
    size, p = leb(b, p); end = p + size
    keep = True
    if sid == 0:
        n, q = leb(b, p)
        keep = not b[q:q + n].startswith(b".debug_")
    if keep: out += b[start:end]
    p = end
name = b"external_debug_info"
payload = enc(len("types.debug.wasm")) + b"types.debug.wasm"
body = enc(len(name)) + name + payload
out += b"\x00" + enc(len(body)) + body
open("types.stripped.wasm", "wb").write(out)
PY
./dump.sh
