package io.backstep.engine.runtime;

import io.backstep.engine.code.Op;
import io.backstep.engine.simd.SimdOps;

/**
 * Instructions kept out of {@link Machine}'s dispatch loop to keep that method small enough for the
 * JIT: floating point, conversions, bulk memory/table operations, SIMD.
 * Every method traps before it changes any state, so a trapping instruction leaves the machine as it
 * was before the instruction.
 */
final class Ops {
    private Ops() {
    }

    static FunctionInstance indirectCallee(Instance inst, int tableIndex, int elementIndex, int typeId) {
        Table table = inst.tables[tableIndex];
        if (elementIndex < 0 || elementIndex >= table.elements.length) {
            throw new TrapException(TrapKind.UNDEFINED_ELEMENT);
        }
        long ref = table.elements[elementIndex];
        if (ref == Refs.NULL) throw new TrapException(TrapKind.UNINITIALIZED_ELEMENT);
        FunctionInstance f = inst.store.function(Refs.functionAddress(ref));
        if (f.typeId != typeId) throw new TrapException(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
        return f;
    }

    static int simd(int[] code, int pc, long[] s, int sp, Memory mem) {
        return SimdOps.exec(code[pc], s, sp, code[pc + 1], code[pc + 2], code[pc + 3], code[pc + 4], mem);
    }

    /**
     * Numeric instructions that are not in the dispatch loop, by the semantics both tiers share
     * ({@link Semantics}). Returns the new stack pointer.
     */
    static int numeric(int op, long[] s, int sp) {
        switch (op) {
            case 0x45: s[sp - 1] = Semantics.i32Eqz(s[sp - 1]); return sp;
            case 0x46: s[sp - 2] = Semantics.i32Eq(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x47: s[sp - 2] = Semantics.i32Ne(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x48: s[sp - 2] = Semantics.i32LtS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x49: s[sp - 2] = Semantics.i32LtU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4A: s[sp - 2] = Semantics.i32GtS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4B: s[sp - 2] = Semantics.i32GtU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4C: s[sp - 2] = Semantics.i32LeS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4D: s[sp - 2] = Semantics.i32LeU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4E: s[sp - 2] = Semantics.i32GeS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x4F: s[sp - 2] = Semantics.i32GeU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x50: s[sp - 1] = Semantics.i64Eqz(s[sp - 1]); return sp;
            case 0x51: s[sp - 2] = Semantics.i64Eq(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x52: s[sp - 2] = Semantics.i64Ne(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x53: s[sp - 2] = Semantics.i64LtS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x54: s[sp - 2] = Semantics.i64LtU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x55: s[sp - 2] = Semantics.i64GtS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x56: s[sp - 2] = Semantics.i64GtU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x57: s[sp - 2] = Semantics.i64LeS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x58: s[sp - 2] = Semantics.i64LeU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x59: s[sp - 2] = Semantics.i64GeS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5A: s[sp - 2] = Semantics.i64GeU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5B: s[sp - 2] = Semantics.f32Eq(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5C: s[sp - 2] = Semantics.f32Ne(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5D: s[sp - 2] = Semantics.f32Lt(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5E: s[sp - 2] = Semantics.f32Gt(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x5F: s[sp - 2] = Semantics.f32Le(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x60: s[sp - 2] = Semantics.f32Ge(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x61: s[sp - 2] = Semantics.f64Eq(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x62: s[sp - 2] = Semantics.f64Ne(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x63: s[sp - 2] = Semantics.f64Lt(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x64: s[sp - 2] = Semantics.f64Gt(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x65: s[sp - 2] = Semantics.f64Le(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x66: s[sp - 2] = Semantics.f64Ge(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x67: s[sp - 1] = Semantics.i32Clz(s[sp - 1]); return sp;
            case 0x68: s[sp - 1] = Semantics.i32Ctz(s[sp - 1]); return sp;
            case 0x69: s[sp - 1] = Semantics.i32Popcnt(s[sp - 1]); return sp;
            case 0x6A: s[sp - 2] = Semantics.i32Add(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x6B: s[sp - 2] = Semantics.i32Sub(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x6C: s[sp - 2] = Semantics.i32Mul(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x6D: s[sp - 2] = Semantics.i32DivS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x6E: s[sp - 2] = Semantics.i32DivU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x6F: s[sp - 2] = Semantics.i32RemS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x70: s[sp - 2] = Semantics.i32RemU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x71: s[sp - 2] = Semantics.i32And(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x72: s[sp - 2] = Semantics.i32Or(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x73: s[sp - 2] = Semantics.i32Xor(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x74: s[sp - 2] = Semantics.i32Shl(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x75: s[sp - 2] = Semantics.i32ShrS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x76: s[sp - 2] = Semantics.i32ShrU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x77: s[sp - 2] = Semantics.i32Rotl(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x78: s[sp - 2] = Semantics.i32Rotr(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x79: s[sp - 1] = Semantics.i64Clz(s[sp - 1]); return sp;
            case 0x7A: s[sp - 1] = Semantics.i64Ctz(s[sp - 1]); return sp;
            case 0x7B: s[sp - 1] = Semantics.i64Popcnt(s[sp - 1]); return sp;
            case 0x7C: s[sp - 2] = Semantics.i64Add(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x7D: s[sp - 2] = Semantics.i64Sub(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x7E: s[sp - 2] = Semantics.i64Mul(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x7F: s[sp - 2] = Semantics.i64DivS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x80: s[sp - 2] = Semantics.i64DivU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x81: s[sp - 2] = Semantics.i64RemS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x82: s[sp - 2] = Semantics.i64RemU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x83: s[sp - 2] = Semantics.i64And(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x84: s[sp - 2] = Semantics.i64Or(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x85: s[sp - 2] = Semantics.i64Xor(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x86: s[sp - 2] = Semantics.i64Shl(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x87: s[sp - 2] = Semantics.i64ShrS(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x88: s[sp - 2] = Semantics.i64ShrU(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x89: s[sp - 2] = Semantics.i64Rotl(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x8A: s[sp - 2] = Semantics.i64Rotr(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x8B: s[sp - 1] = Semantics.f32Abs(s[sp - 1]); return sp;
            case 0x8C: s[sp - 1] = Semantics.f32Neg(s[sp - 1]); return sp;
            case 0x8D: s[sp - 1] = Semantics.f32Ceil(s[sp - 1]); return sp;
            case 0x8E: s[sp - 1] = Semantics.f32Floor(s[sp - 1]); return sp;
            case 0x8F: s[sp - 1] = Semantics.f32Trunc(s[sp - 1]); return sp;
            case 0x90: s[sp - 1] = Semantics.f32Nearest(s[sp - 1]); return sp;
            case 0x91: s[sp - 1] = Semantics.f32Sqrt(s[sp - 1]); return sp;
            case 0x92: s[sp - 2] = Semantics.f32Add(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x93: s[sp - 2] = Semantics.f32Sub(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x94: s[sp - 2] = Semantics.f32Mul(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x95: s[sp - 2] = Semantics.f32Div(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x96: s[sp - 2] = Semantics.f32Min(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x97: s[sp - 2] = Semantics.f32Max(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x98: s[sp - 2] = Semantics.f32Copysign(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0x99: s[sp - 1] = Semantics.f64Abs(s[sp - 1]); return sp;
            case 0x9A: s[sp - 1] = Semantics.f64Neg(s[sp - 1]); return sp;
            case 0x9B: s[sp - 1] = Semantics.f64Ceil(s[sp - 1]); return sp;
            case 0x9C: s[sp - 1] = Semantics.f64Floor(s[sp - 1]); return sp;
            case 0x9D: s[sp - 1] = Semantics.f64Trunc(s[sp - 1]); return sp;
            case 0x9E: s[sp - 1] = Semantics.f64Nearest(s[sp - 1]); return sp;
            case 0x9F: s[sp - 1] = Semantics.f64Sqrt(s[sp - 1]); return sp;
            case 0xA0: s[sp - 2] = Semantics.f64Add(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA1: s[sp - 2] = Semantics.f64Sub(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA2: s[sp - 2] = Semantics.f64Mul(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA3: s[sp - 2] = Semantics.f64Div(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA4: s[sp - 2] = Semantics.f64Min(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA5: s[sp - 2] = Semantics.f64Max(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA6: s[sp - 2] = Semantics.f64Copysign(s[sp - 2], s[sp - 1]); return sp - 1;
            case 0xA7: s[sp - 1] = Semantics.i32WrapI64(s[sp - 1]); return sp;
            case 0xA8: s[sp - 1] = Semantics.i32TruncF32S(s[sp - 1]); return sp;
            case 0xA9: s[sp - 1] = Semantics.i32TruncF32U(s[sp - 1]); return sp;
            case 0xAA: s[sp - 1] = Semantics.i32TruncF64S(s[sp - 1]); return sp;
            case 0xAB: s[sp - 1] = Semantics.i32TruncF64U(s[sp - 1]); return sp;
            case 0xAC: s[sp - 1] = Semantics.i64ExtendI32S(s[sp - 1]); return sp;
            case 0xAD: s[sp - 1] = Semantics.i64ExtendI32U(s[sp - 1]); return sp;
            case 0xAE: s[sp - 1] = Semantics.i64TruncF32S(s[sp - 1]); return sp;
            case 0xAF: s[sp - 1] = Semantics.i64TruncF32U(s[sp - 1]); return sp;
            case 0xB0: s[sp - 1] = Semantics.i64TruncF64S(s[sp - 1]); return sp;
            case 0xB1: s[sp - 1] = Semantics.i64TruncF64U(s[sp - 1]); return sp;
            case 0xB2: s[sp - 1] = Semantics.f32ConvertI32S(s[sp - 1]); return sp;
            case 0xB3: s[sp - 1] = Semantics.f32ConvertI32U(s[sp - 1]); return sp;
            case 0xB4: s[sp - 1] = Semantics.f32ConvertI64S(s[sp - 1]); return sp;
            case 0xB5: s[sp - 1] = Semantics.f32ConvertI64U(s[sp - 1]); return sp;
            case 0xB6: s[sp - 1] = Semantics.f32DemoteF64(s[sp - 1]); return sp;
            case 0xB7: s[sp - 1] = Semantics.f64ConvertI32S(s[sp - 1]); return sp;
            case 0xB8: s[sp - 1] = Semantics.f64ConvertI32U(s[sp - 1]); return sp;
            case 0xB9: s[sp - 1] = Semantics.f64ConvertI64S(s[sp - 1]); return sp;
            case 0xBA: s[sp - 1] = Semantics.f64ConvertI64U(s[sp - 1]); return sp;
            case 0xBB: s[sp - 1] = Semantics.f64PromoteF32(s[sp - 1]); return sp;
            case 0xC0: s[sp - 1] = Semantics.i32Extend8S(s[sp - 1]); return sp;
            case 0xC1: s[sp - 1] = Semantics.i32Extend16S(s[sp - 1]); return sp;
            case 0xC2: s[sp - 1] = Semantics.i64Extend8S(s[sp - 1]); return sp;
            case 0xC3: s[sp - 1] = Semantics.i64Extend16S(s[sp - 1]); return sp;
            case 0xC4: s[sp - 1] = Semantics.i64Extend32S(s[sp - 1]); return sp;
            case Op.I32_TRUNC_SAT_F32_S: s[sp - 1] = Semantics.i32TruncSatF32S(s[sp - 1]); return sp;
            case Op.I32_TRUNC_SAT_F32_U: s[sp - 1] = Semantics.i32TruncSatF32U(s[sp - 1]); return sp;
            case Op.I32_TRUNC_SAT_F64_S: s[sp - 1] = Semantics.i32TruncSatF64S(s[sp - 1]); return sp;
            case Op.I32_TRUNC_SAT_F64_U: s[sp - 1] = Semantics.i32TruncSatF64U(s[sp - 1]); return sp;
            case Op.I64_TRUNC_SAT_F32_S: s[sp - 1] = Semantics.i64TruncSatF32S(s[sp - 1]); return sp;
            case Op.I64_TRUNC_SAT_F32_U: s[sp - 1] = Semantics.i64TruncSatF32U(s[sp - 1]); return sp;
            case Op.I64_TRUNC_SAT_F64_S: s[sp - 1] = Semantics.i64TruncSatF64S(s[sp - 1]); return sp;
            case Op.I64_TRUNC_SAT_F64_U: s[sp - 1] = Semantics.i64TruncSatF64U(s[sp - 1]); return sp;
            default:
                throw new IllegalStateException("no such internal opcode 0x" + Integer.toHexString(op));
        }
    }

    /** Bulk memory and table instructions (0xFC 8..17). Returns the new stack pointer. */
    static int bulk(int op, int[] code, int pc, long[] s, int sp, Instance inst) {
        switch (op) {
            case Op.MEMORY_INIT: {
                Segments.memoryInit(inst, code[pc], u32(s[sp - 3]), u32(s[sp - 2]), u32(s[sp - 1]));
                return sp - 3;
            }
            case Op.DATA_DROP:
                inst.droppedData[code[pc]] = true;
                return sp;
            case Op.MEMORY_COPY: {
                Memory mem = inst.memories[0];
                long dst = u32(s[sp - 3]), src = u32(s[sp - 2]), n = u32(s[sp - 1]);
                mem.copyWithin(dst, src, n); // checks both ranges before copying
                return sp - 3;
            }
            case Op.MEMORY_FILL: {
                inst.memories[0].fill(u32(s[sp - 3]), u32(s[sp - 1]), (byte) s[sp - 2]);
                return sp - 3;
            }
            case Op.TABLE_INIT:
                Segments.tableInit(inst, code[pc + 1], code[pc], u32(s[sp - 3]), u32(s[sp - 2]), u32(s[sp - 1]));
                return sp - 3;
            case Op.ELEM_DROP:
                inst.droppedElements[code[pc]] = true;
                return sp;
            case Op.TABLE_COPY: {
                Table dst = inst.tables[code[pc]];
                Table src = inst.tables[code[pc + 1]];
                long d = u32(s[sp - 3]), from = u32(s[sp - 2]), n = u32(s[sp - 1]);
                if (from + n > src.size() || d + n > dst.size()) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
                System.arraycopy(src.elements, (int) from, dst.elements, (int) d, (int) n);
                return sp - 3;
            }
            case Op.TABLE_GROW: {
                Table t = inst.tables[code[pc]];
                s[sp - 2] = t.grow(u32(s[sp - 1]), s[sp - 2]);
                return sp - 1;
            }
            case Op.TABLE_SIZE:
                s[sp] = inst.tables[code[pc]].size();
                return sp + 1;
            case Op.TABLE_FILL: {
                Table t = inst.tables[code[pc]];
                long i = u32(s[sp - 3]), n = u32(s[sp - 1]);
                if (i + n > t.size()) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
                java.util.Arrays.fill(t.elements, (int) i, (int) (i + n), s[sp - 2]);
                return sp - 3;
            }
            default:
                throw new IllegalStateException("no such internal opcode 0x" + Integer.toHexString(op));
        }
    }

    private static long u32(long slot) {
        return slot & 0xFFFFFFFFL;
    }
}
