package io.backstep.engine.decode;

import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
import io.backstep.engine.model.ValType;
import io.backstep.engine.simd.SimdOp;
import io.backstep.engine.simd.SimdOps;

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
                case 0xFD -> skipSimd(r.u32(), at);
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

    /** Skips the immediates of a Wasm 2.0 instruction (as {@link OpcodeTable} lists them); unknown opcodes are malformed. */
    void skipImmediates(int op, int at) {
        Opcode o;
        if (op == 0xFC) {
            o = OpcodeTable.prefixFC(r.u32());
        } else {
            o = OpcodeTable.singleByte(op);
        }
        if (o == null) throw r.error(at, "illegal opcode");
        switch (o.immediates()) {
            case NONE -> { }
            case BLOCK_TYPE -> r.s33();
            case LABEL, FUNCTION, LOCAL, GLOBAL, TABLE, DATA, ELEM -> r.u32();
            case LABEL_TABLE -> {
                int n = count();
                for (int i = 0; i < n; i++) r.u32();
                r.u32();
            }
            case TYPE_AND_TABLE, ELEM_AND_TABLE, TABLE_PAIR -> {
                r.u32();
                r.u32();
            }
            case VALUE_TYPES -> {
                int n = count();
                for (int i = 0; i < n; i++) valType();
            }
            case MEMARG -> memarg();
            case MEMORY -> zeroByte();
            case MEMORY_PAIR -> {
                zeroByte();
                zeroByte();
            }
            case DATA_AND_MEMORY -> {
                r.u32();
                zeroByte();
            }
            case I32 -> r.s32();
            case I64 -> r.s64();
            case F32 -> r.skip(4);
            case F64 -> r.skip(8);
            case REF_TYPE -> {
                ValType t = valType();
                if (!t.isRef()) throw r.error(at + 1, "malformed reference type");
            }
        }
    }

    /** Skips a SIMD instruction's immediates (as {@link SimdOps} lists them); unknown sub-opcodes are malformed. */
    void skipSimd(long sub, int at) {
        SimdOp o = sub >= 0 && sub <= 0xFF ? SimdOps.info((int) sub) : null;
        if (o == null) throw r.error(at, "illegal opcode");
        switch (o.imm()) {
            case NONE -> { }
            case MEMARG -> memarg();
            case MEMARG_LANE -> {
                memarg();
                r.u8();
            }
            case LANE -> r.u8();
            case BYTES16 -> r.skip(16);
        }
    }
}
