package io.backstep.engine.decode;

import io.backstep.engine.model.ValType;

/**
 * Decodes instructions without interpreting them: steps over each opcode's immediates and rejects
 * what is malformed (unknown opcodes, bad LEB128, non-zero reserved bytes). Used for constant
 * expressions and for the structural decode of function bodies; typing is the validator's job.
 */
final class InstructionSkipper {
    private final ByteReader r;

    InstructionSkipper(ByteReader r) {
        this.r = r;
    }

    /**
     * Decodes the instruction sequence of a function body from the reader's position up to its final
     * {@code end}, which must be the last byte before {@code bodyEnd}.
     */
    void skipBody(int bodyEnd) {
        int depth = 1;
        while (depth > 0) {
            if (r.pos() >= bodyEnd) throw r.error(bodyEnd, "unexpected end of section or function");
            int at = r.pos();
            int op = r.u8();
            switch (op) {
                case 0x02, 0x03, 0x04 -> {
                    depth++;
                    skipImmediates(op, at);
                }
                case 0x0B -> depth--;
                // Constant instructions are not covered by skipImmediates (constant expressions decode them).
                case 0x41 -> r.s32();
                case 0x42 -> r.s64();
                case 0x43 -> r.skip(4);
                case 0x44 -> r.skip(8);
                case 0x23, 0xD2 -> r.u32();
                case 0xD0 -> {
                    ValType t = valType();
                    if (!t.isRef()) throw r.error(at + 1, "malformed reference type");
                }
                case 0xFD -> {
                    long sub = r.u32();
                    if (sub == 0x0C) r.skip(16);
                    else skipSimd(sub, at);
                }
                default -> skipImmediates(op, at);
            }
        }
        if (r.pos() != bodyEnd) throw r.error(r.pos(), "section size mismatch");
    }

    private int count() {
        long n = r.u32();
        if (n > r.remaining()) throw r.error(r.end(), "unexpected end of section or function");
        return (int) n;
    }

    private ValType valType() {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null) throw r.error(at, "malformed value type");
        return t;
    }

    private void memarg() {
        r.u32();
        r.u32();
    }

    private void zeroByte() {
        int at = r.pos();
        if (r.u8() != 0) throw r.error(at, "zero byte expected");
    }

    /** Skips the immediates of a non-constant Wasm 2.0 instruction; unknown opcodes are malformed. */
    void skipImmediates(int op, int at) {
        if (op == 0x00 || op == 0x01 || op == 0x05 || op == 0x0F || op == 0x1A || op == 0x1B
                || (op >= 0x45 && op <= 0xC4) || op == 0xD1) {
            return;
        }
        switch (op) {
            case 0x02, 0x03, 0x04 -> r.s33();
            case 0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x24, 0x25, 0x26 -> r.u32();
            case 0x0E -> {
                int n = count();
                for (int i = 0; i < n; i++) r.u32();
                r.u32();
            }
            case 0x11 -> {
                r.u32();
                r.u32();
            }
            case 0x1C -> {
                int n = count();
                for (int i = 0; i < n; i++) valType();
            }
            case 0x3F, 0x40 -> zeroByte();
            case 0xFC -> {
                long sub = r.u32();
                if (sub <= 7) return;
                switch ((int) Math.min(sub, 18)) {
                    case 8 -> {
                        r.u32();
                        zeroByte();
                    }
                    case 10 -> {
                        zeroByte();
                        zeroByte();
                    }
                    case 11 -> zeroByte();
                    case 12, 14 -> {
                        r.u32();
                        r.u32();
                    }
                    case 9, 13, 15, 16, 17 -> r.u32();
                    default -> throw r.error(at, "illegal opcode");
                }
            }
            default -> {
                if (op >= 0x28 && op <= 0x3E) {
                    memarg();
                } else {
                    throw r.error(at, "illegal opcode");
                }
            }
        }
    }

    /** SIMD opcodes that are unassigned in Wasm 2.0 (between 0x00 and 0xFF). */
    private static final int[] SIMD_GAPS = {0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB,
            0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE};

    void skipSimd(long sub, int at) {
        if (sub > 0xFF) throw r.error(at, "illegal opcode");
        int s = (int) sub;
        for (int gap : SIMD_GAPS) {
            if (s == gap) throw r.error(at, "illegal opcode");
        }
        if (s <= 0x0B || s == 0x5C || s == 0x5D) {
            memarg();
        } else if (s == 0x0D) {
            r.skip(16);
        } else if (s >= 0x15 && s <= 0x22) {
            r.u8();
        } else if (s >= 0x54 && s <= 0x5B) {
            memarg();
            r.u8();
        }
    }
}
