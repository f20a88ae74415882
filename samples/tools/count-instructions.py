#!/usr/bin/env python3
"""Approximate count of executed wasm instructions, for sizing the samples.

Usage: tools/count-instructions.py FILE.wasm [args...]

Disassembles FILE.wasm with wasm2wat, adds an i64 counter global that is
bumped before every instruction of every function body (block/loop/end/else
included), reassembles with wat2wasm and runs the result under Node.js's
WASI with the current directory preopened as ".".  Prints the program's
output, then the count on stderr.  Needs wabt and node >= 20; it is a
development aid only, Backstep itself does not use it.
"""
import os
import subprocess
import sys
import tempfile

BUMP = "global.get $__icount i64.const 1 i64.add global.set $__icount"

RUNNER = r"""
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
const [file, name, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [name, ...args], env: {},
                        preopens: { '.': process.cwd() }, returnOnExit: true });
const inst = await WebAssembly.instantiate(
    await WebAssembly.compile(readFileSync(file)), wasi.getImportObject());
let rc = 0;
try { rc = wasi.start(inst); } catch (e) { console.error('trap: ' + e.message); rc = 134; }
console.error('instructions: ' + inst.exports.__icount.value);
process.exitCode = rc;
"""


def instrument(wat: str) -> str:
    out = []
    in_body = False
    for line in wat.splitlines():
        stripped = line.strip()
        if line.startswith("  (func "):
            # A one-line function ends with "))"; it has no body to count.
            in_body = not stripped.endswith("))") or stripped.count("(") > stripped.count(")")
            out.append(line)
            continue
        if in_body:
            if stripped.startswith("(local"):
                out.append(line)
                continue
            out.append("    " + BUMP)
            out.append(line)
            # The function's last instruction carries the closing paren.
            if line.startswith("    ") and not line.startswith("     ") and stripped.endswith(")") \
                    and stripped.count(")") > stripped.count("("):
                in_body = False
            continue
        out.append(line)
    # Append the counter and its export before the module's closing paren.
    text = "\n".join(out).rstrip()
    assert text.endswith(")")
    return (text[:-1] + '\n  (global $__icount (mut i64) (i64.const 0))\n'
            '  (export "__icount" (global $__icount)))\n')


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    wasm = sys.argv[1]
    wat = subprocess.run(["wasm2wat", wasm], check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        wat_path = os.path.join(tmp, "counted.wat")
        out_path = os.path.join(tmp, "counted.wasm")
        runner = os.path.join(tmp, "run.mjs")
        with open(wat_path, "w") as f:
            f.write(instrument(wat))
        with open(runner, "w") as f:
            f.write(RUNNER)
        subprocess.run(["wat2wasm", wat_path, "-o", out_path], check=True)
        name = os.path.basename(wasm)
        return subprocess.run(["node", "--no-warnings", runner, out_path, name] + sys.argv[2:]).returncode


if __name__ == "__main__":
    sys.exit(main())
