#!/usr/bin/env bash
# Regenerates the llvm-dwarfdump references the DWARF reader's tests compare against, so that the
# tests (and CI) need no LLVM. Needs llvm-dwarfdump-14 (apt-get install llvm-14) and python3.
#   dwarfdump/NAME.lines.gz   every line table row of NAME.wasm (compact form, see below), for
#                              samples/*.wasm, ../shared/realworld/wasm/*.wasm and the types*.wasm here
#   dwarfdump/NAME.info.txt   --debug-info of the unit of types.c only, for the types*.wasm here;
#                              all of it for classes.O0.wasm (its one unit)
#   dwarfdump/NAME.FUNC.info.txt.gz   --debug-info --name=FUNC --show-children for chosen functions of
#                              the real-world programs (their entries, variables, inlined calls, types)
# Compact line form: "T <table offset> <version>" per table, then one row per line:
#   <address hex> <line> <column> <file> <isa> <discriminator> <flags: S=is_stmt B=basic_block
#   E=end_sequence P=prologue_end G=epilogue_begin, or ->
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../../../../.. && pwd)"
DUMP="${LLVM_DWARFDUMP:-llvm-dwarfdump-14}"
mkdir -p dwarfdump
compact() {
    python3 -c '
import sys, re
out = []
for line in sys.stdin:
    m = re.match(r"debug_line\[(0x[0-9a-f]+)\]", line)
    if m:
        cur = m.group(1); out.append("T %d" % int(cur, 16)); continue
    m = re.match(r"\s+version: (\d+)", line)
    if m and out and out[-1].startswith("T ") and len(out[-1].split()) == 2:
        out[-1] += " " + m.group(1); continue
    m = re.match(r"0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*(.*)$", line)
    if m:
        fl = m.group(7).split()
        f = "".join(c for k, c in (("is_stmt","S"),("basic_block","B"),("end_sequence","E"),("prologue_end","P"),("epilogue_begin","G")) if k in fl) or "-"
        out.append("%x %s %s %s %s %s %s" % (int(m.group(1), 16), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), f))
print("\n".join(out))
'
}
for wasm in "$ROOT"/samples/*.wasm "$ROOT"/../shared/realworld/wasm/*.wasm ./types*.wasm ./corruption.O0.wasm ./inline.O2.wasm; do
    [ -f "$wasm" ] || continue
    name="$(basename "$wasm" .wasm)"
    case "$name" in types.stripped|types.debug) continue ;; esac
    "$DUMP" --debug-line "$wasm" | compact | gzip -n -9 > "dwarfdump/$name.lines.gz"
done
for wasm in ./types*.wasm; do
    name="$(basename "$wasm" .wasm)"
    case "$name" in types.stripped|types.debug) continue ;; esac
    # Only the unit of types.c: the libc units are long and add nothing.
    "$DUMP" --debug-info "$wasm" | python3 -c '
import sys
text = sys.stdin.read()
units = text.split("Compile Unit:")
for u in units[1:]:
    if "\"types.c\"" in u or "(\"types.c\")" in u:
        print("Compile Unit:" + u, end="")
' > "dwarfdump/$name.info.txt"
done
"$DUMP" --debug-info ./classes.O0.wasm > dwarfdump/classes.O0.info.txt

# Chosen functions of the real-world programs (the realworld folder is test data, read in place).
for pair in lua:luaV_execute lua:luaH_getshortstr lua:str_find_aux lz4_bench:LZ4_decompress_safe \
            lz4_bench:XXH32 lz4_bench:LZ4_compress_fast lz4_bench.O0:LZ4_decompress_safe image_bench:stbi__parse_png_file; do
    name="${pair%%:*}"; fn="${pair#*:}"
    wasm="$ROOT/../shared/realworld/wasm/$name.wasm"
    [ -f "$wasm" ] || continue
    "$DUMP" --debug-info --name="$fn" --show-children "$wasm" | gzip -n -9 > "dwarfdump/$name.$fn.info.txt.gz"
done
