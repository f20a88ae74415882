package io.backstep.engine.code;

import io.backstep.engine.code.Opcode.Flow;
import io.backstep.engine.model.ValType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The instruction set, one {@link Opcode} row per instruction: the Wasm 2.0 instructions outside the
 * SIMD prefix (which {@code simd.SimdOps} describes) and the internal-only forms the lowering adds. Rows
 * are indexed by code: the opcode byte, {@link Op#FC_BASE} + sub-opcode for the 0xFC family, as in
 * the internal code. The decoder, validator, printer and translator read their facts from here.
 */
public final class OpcodeTable {
    private OpcodeTable() {
    }

    private static final Opcode[] TABLE = new Opcode[256];
    private static final ValType[] NO_TYPES = new ValType[0];

    /** The row for internal code {@code code} (Wasm or internal-only), or null if there is none. */
    public static Opcode of(int code) {
        return code >= 0 && code < TABLE.length ? TABLE[code] : null;
    }

    /** The Wasm instruction with single-byte opcode {@code b} (not a prefix), or null if the byte names none. */
    public static Opcode singleByte(int b) {
        Opcode o = of(b);
        return o != null && o.wasm() && o.prefix() < 0 ? o : null;
    }

    /** The Wasm instruction 0xFC {@code sub}, or null if the sub-opcode names none. */
    public static Opcode prefixFC(long sub) {
        if (sub < 0 || sub > Op.TABLE_FILL - Op.FC_BASE) return null;
        Opcode o = of(Op.FC_BASE + (int) sub);
        return o != null && o.prefix() == 0xFC ? o : null;
    }

    /** Every row, by code. */
    public static List<Opcode> all() {
        List<Opcode> rows = new ArrayList<>();
        for (Opcode o : TABLE) if (o != null) rows.add(o);
        return Collections.unmodifiableList(rows);
    }

    /** Number of 64-bit value-stack slots the immediates and the opcode take in the internal code at {@code pc}. */
    public static int internalLength(int[] code, int pc, int op) {
        if (op == Op.BR_TABLE) return 2 + 3 * (code[pc + 1] + 1);
        Opcode o = of(op);
        return 1 + (o == null ? 0 : o.loweredInts());
    }

    /** The target pcs of the lowered branch at {@code pc} (a {@code br_table}'s cases, then its default). */
    public static int[] branchTargets(int[] code, int pc) {
        if (code[pc] != Op.BR_TABLE) return new int[] {code[pc + 1]};
        int count = code[pc + 1];
        int[] targets = new int[count + 1];
        for (int e = 0; e <= count; e++) targets[e] = code[pc + 2 + 3 * e];
        return targets;
    }

    // ---- definitions ---------------------------------------------------------------------------

    /** A Wasm instruction with a fixed signature ("pops:pushes", letters i I f F for i32 i64 f32 f64). */
    private static void fixed(int code, String name, Immediates imm, String sig, int align, boolean traps) {
        int colon = sig.indexOf(':');
        ValType[] pops = types(sig.substring(0, colon));
        ValType[] pushes = types(sig.substring(colon + 1));
        add(new Opcode(code, name, imm, pops, pushes, align, traps, Flow.NEXT, ValType.slots(pushes) - ValType.slots(pops),
                imm.loweredInts(), true, true));
    }

    private static void numeric(int code, String name, String sig, boolean traps) {
        fixed(code, name, Immediates.NONE, sig, -1, traps);
    }

    /** A Wasm instruction whose types depend on context (its immediates, the function, the block). */
    private static void contextual(int code, String name, Immediates imm, Flow flow, int effect, boolean traps) {
        add(new Opcode(code, name, imm, null, null, -1, traps, flow, effect, imm.loweredInts(), flow != Flow.STRUCTURE, true));
    }

    /** An internal-only form (no binary encoding: the lowering makes it). */
    private static void internalOnly(int code, String name, int ints, Flow flow, int effect, boolean traps) {
        add(new Opcode(code, name, Immediates.NONE, null, null, -1, traps, flow, effect, ints, true, false));
    }

    private static void add(Opcode o) {
        if (TABLE[o.code()] != null) throw new IllegalStateException("two rows for code 0x" + Integer.toHexString(o.code()));
        TABLE[o.code()] = o;
    }

    /** Marks a row the lowering replaces by another instruction (typed select, reinterpretations). */
    private static void loweredAway(int code) {
        Opcode o = TABLE[code];
        TABLE[code] = new Opcode(o.code(), o.mnemonic(), o.immediates(), o.pops(), o.pushes(), o.alignLog2(), o.traps(),
                o.flow(), o.stackEffect(), o.loweredInts(), false, o.wasm());
    }

    private static ValType[] types(String letters) {
        if (letters.isEmpty()) return NO_TYPES;
        ValType[] t = new ValType[letters.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = switch (letters.charAt(i)) {
                case 'i' -> ValType.I32;
                case 'I' -> ValType.I64;
                case 'f' -> ValType.F32;
                case 'F' -> ValType.F64;
                default -> throw new IllegalStateException(letters);
            };
        }
        return t;
    }

    private static final int VARIES = Opcode.VARIES;

    static {
        // Control. The internal code keeps br, br_if and br_table under their Wasm codes (with target pcs
        // for label depths) and lowers if to a jump when the condition is zero.
        contextual(0x00, "unreachable", Immediates.NONE, Flow.TRAP, VARIES, true);
        fixed(0x01, "nop", Immediates.NONE, ":", -1, false);
        contextual(0x02, "block", Immediates.BLOCK_TYPE, Flow.STRUCTURE, VARIES, false);
        contextual(0x03, "loop", Immediates.BLOCK_TYPE, Flow.STRUCTURE, VARIES, false);
        add(new Opcode(0x04, "if", Immediates.BLOCK_TYPE, null, null, -1, false, Flow.BRANCH, -1, 1, true, true));
        contextual(0x05, "else", Immediates.NONE, Flow.STRUCTURE, VARIES, false);
        contextual(0x0B, "end", Immediates.NONE, Flow.STRUCTURE, VARIES, false);
        contextual(0x0C, "br", Immediates.LABEL, Flow.BRANCH, VARIES, false);
        contextual(0x0D, "br_if", Immediates.LABEL, Flow.BRANCH, -1, false);
        contextual(0x0E, "br_table", Immediates.LABEL_TABLE, Flow.BRANCH, VARIES, false);
        contextual(0x0F, "return", Immediates.NONE, Flow.RETURN, VARIES, false);
        // A call traps when the call stack is exhausted; call_indirect also on a bad table entry.
        contextual(0x10, "call", Immediates.FUNCTION, Flow.CALL, VARIES, true);
        contextual(0x11, "call_indirect", Immediates.TYPE_AND_TABLE, Flow.CALL, VARIES, true);

        // Parametric and variable instructions (effects of the one-slot forms; v128 ones are internal-only below).
        contextual(0x1A, "drop", Immediates.NONE, Flow.NEXT, -1, false);
        contextual(0x1B, "select", Immediates.NONE, Flow.NEXT, -2, false);
        contextual(0x1C, "select", Immediates.VALUE_TYPES, Flow.NEXT, -2, false);
        loweredAway(0x1C);
        contextual(0x20, "local.get", Immediates.LOCAL, Flow.NEXT, 1, false);
        contextual(0x21, "local.set", Immediates.LOCAL, Flow.NEXT, -1, false);
        contextual(0x22, "local.tee", Immediates.LOCAL, Flow.NEXT, 0, false);
        contextual(0x23, "global.get", Immediates.GLOBAL, Flow.NEXT, 1, false);
        contextual(0x24, "global.set", Immediates.GLOBAL, Flow.NEXT, -1, false);
        contextual(0x25, "table.get", Immediates.TABLE, Flow.NEXT, 0, true);
        contextual(0x26, "table.set", Immediates.TABLE, Flow.NEXT, -2, true);

        // Memory.
        String[][] access = {
            {"i32.load", "i:i", "2"}, {"i64.load", "i:I", "3"}, {"f32.load", "i:f", "2"}, {"f64.load", "i:F", "3"},
            {"i32.load8_s", "i:i", "0"}, {"i32.load8_u", "i:i", "0"}, {"i32.load16_s", "i:i", "1"}, {"i32.load16_u", "i:i", "1"},
            {"i64.load8_s", "i:I", "0"}, {"i64.load8_u", "i:I", "0"}, {"i64.load16_s", "i:I", "1"}, {"i64.load16_u", "i:I", "1"},
            {"i64.load32_s", "i:I", "2"}, {"i64.load32_u", "i:I", "2"},
            {"i32.store", "ii:", "2"}, {"i64.store", "iI:", "3"}, {"f32.store", "if:", "2"}, {"f64.store", "iF:", "3"},
            {"i32.store8", "ii:", "0"}, {"i32.store16", "ii:", "1"}, {"i64.store8", "iI:", "0"}, {"i64.store16", "iI:", "1"},
            {"i64.store32", "iI:", "2"},
        };
        for (int k = 0; k < access.length; k++) {
            fixed(Op.I32_LOAD + k, access[k][0], Immediates.MEMARG, access[k][1], Integer.parseInt(access[k][2]), true);
        }
        fixed(0x3F, "memory.size", Immediates.MEMORY, ":i", -1, false);
        fixed(0x40, "memory.grow", Immediates.MEMORY, "i:i", -1, false);
        fixed(0x41, "i32.const", Immediates.I32, ":i", -1, false);
        fixed(0x42, "i64.const", Immediates.I64, ":I", -1, false);
        fixed(0x43, "f32.const", Immediates.F32, ":f", -1, false);
        fixed(0x44, "f64.const", Immediates.F64, ":F", -1, false);

        // Numeric: name and signature, in opcode order from 0x45.
        String[] numeric = {
            "i32.eqz i:i", "i32.eq ii:i", "i32.ne ii:i", "i32.lt_s ii:i", "i32.lt_u ii:i", "i32.gt_s ii:i", "i32.gt_u ii:i",
            "i32.le_s ii:i", "i32.le_u ii:i", "i32.ge_s ii:i", "i32.ge_u ii:i",
            "i64.eqz I:i", "i64.eq II:i", "i64.ne II:i", "i64.lt_s II:i", "i64.lt_u II:i", "i64.gt_s II:i", "i64.gt_u II:i",
            "i64.le_s II:i", "i64.le_u II:i", "i64.ge_s II:i", "i64.ge_u II:i",
            "f32.eq ff:i", "f32.ne ff:i", "f32.lt ff:i", "f32.gt ff:i", "f32.le ff:i", "f32.ge ff:i",
            "f64.eq FF:i", "f64.ne FF:i", "f64.lt FF:i", "f64.gt FF:i", "f64.le FF:i", "f64.ge FF:i",
            "i32.clz i:i", "i32.ctz i:i", "i32.popcnt i:i", "i32.add ii:i", "i32.sub ii:i", "i32.mul ii:i",
            "i32.div_s ii:i", "i32.div_u ii:i", "i32.rem_s ii:i", "i32.rem_u ii:i", "i32.and ii:i", "i32.or ii:i",
            "i32.xor ii:i", "i32.shl ii:i", "i32.shr_s ii:i", "i32.shr_u ii:i", "i32.rotl ii:i", "i32.rotr ii:i",
            "i64.clz I:I", "i64.ctz I:I", "i64.popcnt I:I", "i64.add II:I", "i64.sub II:I", "i64.mul II:I",
            "i64.div_s II:I", "i64.div_u II:I", "i64.rem_s II:I", "i64.rem_u II:I", "i64.and II:I", "i64.or II:I",
            "i64.xor II:I", "i64.shl II:I", "i64.shr_s II:I", "i64.shr_u II:I", "i64.rotl II:I", "i64.rotr II:I",
            "f32.abs f:f", "f32.neg f:f", "f32.ceil f:f", "f32.floor f:f", "f32.trunc f:f", "f32.nearest f:f", "f32.sqrt f:f",
            "f32.add ff:f", "f32.sub ff:f", "f32.mul ff:f", "f32.div ff:f", "f32.min ff:f", "f32.max ff:f", "f32.copysign ff:f",
            "f64.abs F:F", "f64.neg F:F", "f64.ceil F:F", "f64.floor F:F", "f64.trunc F:F", "f64.nearest F:F", "f64.sqrt F:F",
            "f64.add FF:F", "f64.sub FF:F", "f64.mul FF:F", "f64.div FF:F", "f64.min FF:F", "f64.max FF:F", "f64.copysign FF:F",
            "i32.wrap_i64 I:i", "i32.trunc_f32_s f:i", "i32.trunc_f32_u f:i", "i32.trunc_f64_s F:i", "i32.trunc_f64_u F:i",
            "i64.extend_i32_s i:I", "i64.extend_i32_u i:I", "i64.trunc_f32_s f:I", "i64.trunc_f32_u f:I",
            "i64.trunc_f64_s F:I", "i64.trunc_f64_u F:I",
            "f32.convert_i32_s i:f", "f32.convert_i32_u i:f", "f32.convert_i64_s I:f", "f32.convert_i64_u I:f", "f32.demote_f64 F:f",
            "f64.convert_i32_s i:F", "f64.convert_i32_u i:F", "f64.convert_i64_s I:F", "f64.convert_i64_u I:F", "f64.promote_f32 f:F",
            "i32.reinterpret_f32 f:i", "i64.reinterpret_f64 F:I", "f32.reinterpret_i32 i:f", "f64.reinterpret_i64 I:F",
            "i32.extend8_s i:i", "i32.extend16_s i:i", "i64.extend8_s I:I", "i64.extend16_s I:I", "i64.extend32_s I:I",
        };
        for (int k = 0; k < numeric.length; k++) {
            String[] f = numeric[k].split(" ");
            String name = f[0];
            // Integer division and remainder trap on zero (and signed overflow), float-to-int truncation on NaN and range.
            boolean traps = name.contains(".div_") && name.startsWith("i") || name.contains(".rem_")
                    || name.contains(".trunc_f");
            numeric(0x45 + k, name, f[1], traps);
        }
        // A reinterpretation changes no bits of a slot: the lowering makes it a nop.
        for (int code = 0xBC; code <= 0xBF; code++) loweredAway(code);

        // Internal-only forms, in codes Wasm 2.0 leaves unassigned.
        internalOnly(Op.BR_ADJ, "br (moving values)", 3, Flow.BRANCH, VARIES, false);
        internalOnly(Op.BR_IF_ADJ, "br_if (moving values)", 3, Flow.BRANCH, -1, false);
        internalOnly(Op.LOCAL_GET_V128, "local.get (v128)", 1, Flow.NEXT, 2, false);
        internalOnly(Op.LOCAL_SET_V128, "local.set (v128)", 1, Flow.NEXT, -2, false);
        internalOnly(Op.LOCAL_TEE_V128, "local.tee (v128)", 1, Flow.NEXT, 0, false);
        internalOnly(Op.GLOBAL_GET_V128, "global.get (v128)", 1, Flow.NEXT, 2, false);
        internalOnly(Op.GLOBAL_SET_V128, "global.set (v128)", 1, Flow.NEXT, -2, false);
        internalOnly(Op.DROP_V128, "drop (v128)", 0, Flow.NEXT, -2, false);
        internalOnly(Op.SELECT_V128, "select (v128)", 0, Flow.NEXT, -3, false);
        // Its sub-opcode and four ints of immediates; simd.SimdOps has a row per sub-opcode.
        internalOnly(Op.SIMD, "simd", 5, Flow.NEXT, VARIES, true);
        internalOnly(Op.BREAKPOINT, "breakpoint", 0, Flow.NEXT, VARIES, false);

        // References.
        contextual(0xD0, "ref.null", Immediates.REF_TYPE, Flow.NEXT, 1, false);
        contextual(0xD1, "ref.is_null", Immediates.NONE, Flow.NEXT, 0, false);
        contextual(0xD2, "ref.func", Immediates.FUNCTION, Flow.NEXT, 1, false);

        // The 0xFC family.
        String[] sat = {"i32.trunc_sat_f32_s f:i", "i32.trunc_sat_f32_u f:i", "i32.trunc_sat_f64_s F:i", "i32.trunc_sat_f64_u F:i",
            "i64.trunc_sat_f32_s f:I", "i64.trunc_sat_f32_u f:I", "i64.trunc_sat_f64_s F:I", "i64.trunc_sat_f64_u F:I"};
        for (int k = 0; k < sat.length; k++) numeric(Op.FC_BASE + k, sat[k].split(" ")[0], sat[k].split(" ")[1], false);
        fixed(Op.MEMORY_INIT, "memory.init", Immediates.DATA_AND_MEMORY, "iii:", -1, true);
        fixed(Op.DATA_DROP, "data.drop", Immediates.DATA, ":", -1, false);
        fixed(Op.MEMORY_COPY, "memory.copy", Immediates.MEMORY_PAIR, "iii:", -1, true);
        fixed(Op.MEMORY_FILL, "memory.fill", Immediates.MEMORY, "iii:", -1, true);
        fixed(Op.TABLE_INIT, "table.init", Immediates.ELEM_AND_TABLE, "iii:", -1, true);
        fixed(Op.ELEM_DROP, "elem.drop", Immediates.ELEM, ":", -1, false);
        fixed(Op.TABLE_COPY, "table.copy", Immediates.TABLE_PAIR, "iii:", -1, true);
        contextual(Op.TABLE_GROW, "table.grow", Immediates.TABLE, Flow.NEXT, -1, false);
        fixed(Op.TABLE_SIZE, "table.size", Immediates.TABLE, ":i", -1, false);
        contextual(Op.TABLE_FILL, "table.fill", Immediates.TABLE, Flow.NEXT, -3, true);
    }
}
