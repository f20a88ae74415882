package io.backstep.engine.text;

import io.backstep.engine.decode.ByteReader;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.FunctionBody;
import io.backstep.engine.model.Global;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.simd.SimdOp;
import io.backstep.engine.simd.SimdOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Disassembles a decoded module to WebAssembly text: one instruction per line (flat syntax, indented by
 * block depth), names from the name section, and the module byte offset of every instruction kept in
 * the resulting {@link WatText}. Meant for display; it does not try to round-trip through a WAT parser.
 */
public final class WatPrinter {
    private static final String[] OPS = new String[256];
    private static final String[] FC_OPS = {
        "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
        "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
        "memory.init", "data.drop", "memory.copy", "memory.fill", "table.init", "elem.drop",
        "table.copy", "table.grow", "table.size", "table.fill",
    };

    static {
        String[][] fixed = {
            {"00", "unreachable"}, {"01", "nop"}, {"02", "block"}, {"03", "loop"}, {"04", "if"},
            {"05", "else"}, {"0b", "end"}, {"0c", "br"}, {"0d", "br_if"}, {"0e", "br_table"},
            {"0f", "return"}, {"10", "call"}, {"11", "call_indirect"}, {"1a", "drop"}, {"1b", "select"},
            {"1c", "select"}, {"20", "local.get"}, {"21", "local.set"}, {"22", "local.tee"},
            {"23", "global.get"}, {"24", "global.set"}, {"25", "table.get"}, {"26", "table.set"},
            {"3f", "memory.size"}, {"40", "memory.grow"}, {"41", "i32.const"}, {"42", "i64.const"},
            {"43", "f32.const"}, {"44", "f64.const"}, {"d0", "ref.null"}, {"d1", "ref.is_null"},
            {"d2", "ref.func"},
        };
        for (String[] f : fixed) OPS[Integer.parseInt(f[0], 16)] = f[1];
        String[] mem = {"i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u",
            "i32.load16_s", "i32.load16_u", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u",
            "i64.load32_s", "i64.load32_u", "i32.store", "i64.store", "f32.store", "f64.store",
            "i32.store8", "i32.store16", "i64.store8", "i64.store16", "i64.store32"};
        for (int i = 0; i < mem.length; i++) OPS[0x28 + i] = mem[i];
        String numeric = "i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u "
            + "i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u "
            + "f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge "
            + "i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u "
            + "i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr "
            + "i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u "
            + "i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr "
            + "f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul "
            + "f32.div f32.min f32.max f32.copysign "
            + "f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub f64.mul "
            + "f64.div f64.min f64.max f64.copysign "
            + "i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u "
            + "i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u "
            + "f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64 "
            + "f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32 "
            + "i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64 "
            + "i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s";
        String[] n = numeric.split(" ");
        for (int i = 0; i < n.length; i++) OPS[0x45 + i] = n[i];
    }

    /** Natural alignment (log2) of the plain load/store opcodes 0x28..0x3E. */
    private static final int[] NATURAL_ALIGN = {2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2};

    private final WasmModule m;
    private final List<String> lines = new ArrayList<>();
    private final List<int[]> meta = new ArrayList<>(); // {offset, function}
    private final int[] functionLines;

    private WatPrinter(WasmModule m) {
        this.m = m;
        this.functionLines = new int[m.functionCount()];
        Arrays.fill(functionLines, -1);
    }

    /** The whole module as text. Throws a MalformedModuleException on undecodable code. */
    public static WatText print(WasmModule module) {
        WatPrinter p = new WatPrinter(module);
        p.module();
        int[] offsets = new int[p.lines.size()];
        int[] functions = new int[p.lines.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = p.meta.get(i)[0];
            functions[i] = p.meta.get(i)[1];
        }
        return new WatText(p.lines.toArray(new String[0]), offsets, functions, p.functionLines);
    }

    /** A function's name as a WAT identifier ($name or the index). */
    public static String functionLabel(WasmModule m, int functionIndex) {
        String n = m.functionName(functionIndex);
        return n != null ? "$" + ident(n) : Integer.toString(functionIndex);
    }

    private void emit(String text, int offset, int function) {
        lines.add(text);
        meta.add(new int[] {offset, function});
    }

    private void module() {
        String name = m.names().moduleName();
        emit(name != null ? "(module $" + ident(name) : "(module", -1, -1);
        FuncType[] types = m.types();
        for (int i = 0; i < types.length; i++) {
            emit("  (type (;" + i + ";) " + signature(types[i]) + ")", -1, -1);
        }
        int fn = 0;
        int gl = 0;
        for (Import im : m.imports()) {
            String head = "  (import \"" + escape(im.module()) + "\" \"" + escape(im.name()) + "\" ";
            switch (im.kind()) {
                case FUNCTION -> {
                    functionLines[fn] = lines.size();
                    emit(head + "(func " + functionLabel(m, fn) + " (type " + im.typeIndex() + ")))", -1, fn);
                    fn++;
                }
                case TABLE -> emit(head + "(table " + limits(im.table().limits()) + " " + im.table().elemType() + "))", -1, -1);
                case MEMORY -> emit(head + "(memory " + limits(im.memory().limits()) + "))", -1, -1);
                case GLOBAL -> {
                    emit(head + "(global " + globalLabel(gl) + " " + globalType(im.global().type(), im.global().mutable()) + "))", -1, -1);
                    gl++;
                }
            }
        }
        FunctionBody[] bodies = m.bodies();
        for (int i = 0; i < bodies.length; i++) {
            function(m.importedFunctionCount() + i, bodies[i]);
        }
        int tableIndex = m.importedTableCount();
        for (var t : m.definedTables()) {
            emit("  (table (;" + tableIndex++ + ";) " + limits(t.limits()) + " " + t.elemType() + ")", -1, -1);
        }
        int memIndex = m.importedMemoryCount();
        for (var mt : m.definedMemories()) {
            emit("  (memory (;" + memIndex++ + ";) " + limits(mt.limits()) + ")", -1, -1);
        }
        int g = m.importedGlobalCount();
        for (Global global : m.definedGlobals()) {
            emit("  (global " + globalLabel(g) + " " + globalType(global.type().type(), global.type().mutable()) + " ...)", -1, -1);
            g++;
        }
        for (Export e : m.exports()) {
            String what = switch (e.kind()) {
                case FUNCTION -> "func " + functionLabel(m, e.index());
                case TABLE -> "table " + e.index();
                case MEMORY -> "memory " + e.index();
                case GLOBAL -> "global " + globalLabel(e.index());
            };
            emit("  (export \"" + escape(e.name()) + "\" (" + what + "))", -1, -1);
        }
        if (m.startFunction() >= 0) emit("  (start " + functionLabel(m, m.startFunction()) + ")", -1, -1);
        ElementSegment[] elems = m.elements();
        for (int i = 0; i < elems.length; i++) {
            emit("  (elem (;" + i + ";) " + elems[i].mode().toString().toLowerCase() + " " + elems[i].elemType()
                + " (;" + elems[i].items().length + " items;))", -1, -1);
        }
        DataSegment[] data = m.data();
        for (int i = 0; i < data.length; i++) {
            emit("  (data (;" + i + ";) " + data[i].mode().toString().toLowerCase() + " (;" + data[i].bytes().length + " bytes;))", -1, -1);
        }
        emit(")", -1, -1);
    }

    private void function(int index, FunctionBody body) {
        FuncType type = m.functionType(index);
        Map<Integer, String> localNames = m.names().localNames().getOrDefault(index, Map.of());
        StringBuilder head = new StringBuilder("  (func ").append(functionLabel(m, index))
            .append(" (type ").append(m.functionTypeIndex(index)).append(')');
        int local = 0;
        for (ValType p : type.params()) {
            String n = localNames.get(local++);
            head.append(" (param ").append(n != null ? "$" + ident(n) + " " : "").append(p).append(')');
        }
        for (ValType r : type.results()) head.append(" (result ").append(r).append(')');
        functionLines[index] = lines.size();
        emit(head.toString(), -1, index);
        int[] counts = body.localCounts();
        ValType[] ltypes = body.localTypes();
        for (int i = 0; i < counts.length; i++) {
            for (int c = 0; c < counts[i]; c++) {
                emit("    (local " + localLabel(localNames, local++, false) + ltypes[i] + ")", -1, index);
            }
        }
        ByteReader r = new ByteReader(m.bytes(), body.codeStart(), body.codeEnd());
        int depth = 1;
        while (r.pos() < body.codeEnd()) {
            int at = r.pos();
            int op = r.u8();
            if (op == 0x0B || op == 0x05) depth--;
            String text = instruction(op, r, localNames);
            if (op == 0x0B && depth == 0) {
                emit("  ) ;; end", at, index);
                break;
            }
            emit("    " + "  ".repeat(Math.max(0, depth - 1)) + text, at, index);
            if (op == 0x02 || op == 0x03 || op == 0x04 || op == 0x05) depth++;
        }
    }

    private String instruction(int op, ByteReader r, Map<Integer, String> localNames) {
        switch (op) {
            case 0x02, 0x03, 0x04: return OPS[op] + blockType(r);
            case 0x0C, 0x0D: return OPS[op] + " " + r.u32();
            case 0x0E: {
                StringBuilder b = new StringBuilder("br_table");
                long n = r.u32();
                for (long i = 0; i <= n; i++) b.append(' ').append(r.u32());
                return b.toString();
            }
            case 0x10: return "call " + functionLabel(m, (int) r.u32());
            case 0x11: {
                long type = r.u32();
                long table = r.u32();
                return "call_indirect" + (table != 0 ? " " + table : "") + " (type " + type + ")";
            }
            case 0x1C: {
                StringBuilder b = new StringBuilder("select");
                long n = r.u32();
                for (long i = 0; i < n; i++) b.append(" (result ").append(valType(r)).append(')');
                return b.toString();
            }
            case 0x20, 0x21, 0x22: return OPS[op] + " " + localLabel(localNames, (int) r.u32(), true);
            case 0x23, 0x24: return OPS[op] + " " + globalLabel((int) r.u32());
            case 0x25, 0x26: return OPS[op] + " " + r.u32();
            case 0x3F, 0x40: r.u8(); return OPS[op];
            case 0x41: return "i32.const " + r.s32();
            case 0x42: return "i64.const " + r.s64();
            case 0x43: return "f32.const " + floatText(Float.intBitsToFloat(r.f32Bits()));
            case 0x44: return "f64.const " + doubleText(Double.longBitsToDouble(r.f64Bits()));
            case 0xD0: return "ref.null " + (valType(r) == ValType.FUNCREF ? "func" : "extern");
            case 0xD2: return "ref.func " + functionLabel(m, (int) r.u32());
            case 0xFC: return prefixFC(r);
            case 0xFD: return prefixFD(r);
            default:
                if (op >= 0x28 && op <= 0x3E) return OPS[op] + memarg(r, NATURAL_ALIGN[op - 0x28]);
                if (OPS[op] == null) throw r.error(r.pos() - 1, "illegal opcode");
                return OPS[op];
        }
    }

    private String prefixFC(ByteReader r) {
        int at = r.pos();
        long sub = r.u32();
        if (sub >= FC_OPS.length) throw r.error(at, "illegal opcode");
        String name = FC_OPS[(int) sub];
        switch ((int) sub) {
            case 8: { long d = r.u32(); r.u8(); return name + " " + d; }
            case 9, 13, 15, 16, 17: return name + " " + r.u32();
            case 10: r.u8(); r.u8(); return name;
            case 11: r.u8(); return name;
            case 12: { long e = r.u32(); long t = r.u32(); return name + (t != 0 ? " " + t : "") + " " + e; }
            case 14: { long d = r.u32(); long s = r.u32(); return name + (d != 0 || s != 0 ? " " + d + " " + s : ""); }
            default: return name;
        }
    }

    private String prefixFD(ByteReader r) {
        int at = r.pos();
        long sub = r.u32();
        SimdOp op = sub <= 0xFF ? SimdOps.info((int) sub) : null;
        if (op == null) throw r.error(at, "illegal opcode");
        switch (op.imm()) {
            case MEMARG: return op.name() + memarg(r, op.maxAlignLog2());
            case MEMARG_LANE: { String ma = memarg(r, op.maxAlignLog2()); return op.name() + ma + " " + r.u8(); }
            case LANE: return op.name() + " " + r.u8();
            case BYTES16: {
                StringBuilder b = new StringBuilder(op.name());
                if (op.subop() == SimdOps.V128_CONST) {
                    b.append(" i32x4");
                    for (int i = 0; i < 4; i++) {
                        int v = r.u8() | r.u8() << 8 | r.u8() << 16 | r.u8() << 24;
                        b.append(String.format(" 0x%08x", v));
                    }
                } else {
                    for (int i = 0; i < 16; i++) b.append(' ').append(r.u8());
                }
                return b.toString();
            }
            default: return op.name();
        }
    }

    private static String memarg(ByteReader r, int natural) {
        long align = r.u32();
        long offset = r.u32();
        StringBuilder b = new StringBuilder();
        if (offset != 0) b.append(" offset=").append(offset);
        if (align != natural && align < 32) b.append(" align=").append(1L << align);
        return b.toString();
    }

    private String blockType(ByteReader r) {
        int b = r.peekU8();
        if (b == 0x40) {
            r.u8();
            return "";
        }
        ValType t = ValType.fromCode(b);
        if (t != null) {
            r.u8();
            return " (result " + t + ")";
        }
        long idx = r.s33();
        FuncType[] types = m.types();
        if (idx >= 0 && idx < types.length) return " (type " + idx + ")" + signatureTail(types[(int) idx]);
        return " (type " + idx + ")";
    }

    private static ValType valType(ByteReader r) {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null) throw r.error(at, "malformed value type");
        return t;
    }

    private static String signature(FuncType t) {
        return "(func" + signatureTail(t) + ")";
    }

    private static String signatureTail(FuncType t) {
        StringBuilder b = new StringBuilder();
        if (t.paramCount() > 0) {
            b.append(" (param");
            for (ValType p : t.params()) b.append(' ').append(p);
            b.append(')');
        }
        if (t.resultCount() > 0) {
            b.append(" (result");
            for (ValType p : t.results()) b.append(' ').append(p);
            b.append(')');
        }
        return b.toString();
    }

    private static String localLabel(Map<Integer, String> names, int index, boolean bare) {
        String n = names.get(index);
        String label = n != null ? "$" + ident(n) : (bare ? Integer.toString(index) : "(;" + index + ";)");
        return bare ? label : label + " ";
    }

    private String globalLabel(int index) {
        String n = m.names().globalNames().get(index);
        return n != null ? "$" + ident(n) : Integer.toString(index);
    }

    private static String globalType(ValType t, boolean mutable) {
        return mutable ? "(mut " + t + ")" : t.toString();
    }

    private static String limits(Limits l) {
        return l.hasMax() ? l.min() + " " + l.max() : Long.toString(l.min());
    }

    private static String floatText(float f) {
        if (Float.isNaN(f)) return "nan";
        if (Float.isInfinite(f)) return f > 0 ? "inf" : "-inf";
        return Float.toString(f);
    }

    private static String doubleText(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    /** Makes a name-section name usable as a WAT identifier (idchars only). */
    static String ident(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' && c != '(' && c != ')'
                && c != '[' && c != ']' && c != '{' && c != '}';
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    /** A WAT string literal's contents; what SafeText would escape is escaped here too, in WAT's own syntax. */
    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"' || cp == '\\') b.append('\\').appendCodePoint(cp);
            else if (cp < 0x20 || cp == 0x7F) b.append(String.format("\\%02x", cp));
            else if (SafeText.isUnsafe(cp)) b.append(String.format("\\u{%x}", cp));
            else b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
