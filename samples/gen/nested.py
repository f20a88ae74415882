#!/usr/bin/env python3
"""Writes a module with one deeply nested function, for timing validation and JIT translation
(docs/benchmarks.md, "Large functions"): (func (export "f") (param i32) (result i32) ... i32.const 7).

    python3 gen/nested.py if 200000 nest-if.wasm     # local.get 0; if ... end, 200,000 deep
    python3 gen/nested.py ifelse 200000 nest-ie.wasm # the same with an empty else in each
    python3 gen/nested.py brtable 20000 nest-bt.wasm # 20,000 values, 20,000 blocks, a br_table to each
    backstep run --invoke f nest-if.wasm 1           # prints 7
"""
import sys


def leb(v):
    out = bytearray()
    while True:
        b, v = v & 0x7F, v >> 7
        out.append(b | 0x80 if v else b)
        if not v:
            return bytes(out)


def section(sid, payload):
    return bytes([sid]) + leb(len(payload)) + payload


def body(shape, n):
    if shape == "if":
        return b"\x20\x00\x04\x40" * n + b"\x0b" * n
    if shape == "ifelse":
        return b"\x20\x00\x04\x40" * n + b"\x05\x0b" * n
    if shape == "brtable":
        targets = b"".join(leb(i) for i in range(n))
        return (b"\x41\x00" * n + b"\x02\x7f" * n + b"\x41\x05\x20\x00\x0e" + leb(n) + targets + leb(n - 1)
                + b"\x0b" * n + b"\x1a" * (n + 1))
    sys.exit("shape must be if, ifelse or brtable")


shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
code = b"\x00" + body(shape, n) + b"\x41\x07\x0b"  # no locals; ...; i32.const 7; end
module = (b"\x00asm\x01\x00\x00\x00"
          + section(1, b"\x01\x60\x01\x7f\x01\x7f")
          + section(3, b"\x01\x00")
          + section(7, b"\x01\x01f\x00\x00")
          + section(10, b"\x01" + leb(len(code)) + code))
with open(out, "wb") as f:
    f.write(module)
