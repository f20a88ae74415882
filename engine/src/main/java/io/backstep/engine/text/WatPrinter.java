package io.backstep.engine.text;

import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
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
        if (op == 0xFD) return prefixFD(r);
        int at = r.pos();
        Opcode o = op == 0xFC ? OpcodeTable.prefixFC(r.u32()) : OpcodeTable.singleByte(op);
        if (o == null) throw r.error(op == 0xFC ? at : at - 1, "illegal opcode");
        String name = o.mnemonic();
        switch (o.immediates()) {
            case NONE: return name;
            case BLOCK_TYPE: return name + blockType(r);
            case LABEL: case DATA: case ELEM: return name + " " + r.u32();
            case LABEL_TABLE: {
                StringBuilder b = new StringBuilder(name);
                long n = r.u32();
                for (long i = 0; i <= n; i++) b.append(' ').append(r.u32());
                return b.toString();
            }
            case FUNCTION: return name + " " + functionLabel(m, (int) r.u32());
            case TYPE_AND_TABLE: {
                long type = r.u32();
                long table = r.u32();
                return name + (table != 0 ? " " + table : "") + " (type " + type + ")";
            }
            case VALUE_TYPES: {
                StringBuilder b = new StringBuilder(name);
                long n = r.u32();
                for (long i = 0; i < n; i++) b.append(" (result ").append(valType(r)).append(')');
                return b.toString();
            }
            case LOCAL: return name + " " + localLabel(localNames, (int) r.u32(), true);
            case GLOBAL: return name + " " + globalLabel((int) r.u32());
            case TABLE: return name + " " + r.u32();
            case MEMARG: return name + memarg(r, o.alignLog2());
            case MEMORY: r.u8(); return name;
            case MEMORY_PAIR: r.u8(); r.u8(); return name;
            case DATA_AND_MEMORY: { long d = r.u32(); r.u8(); return name + " " + d; }
            case ELEM_AND_TABLE: { long e = r.u32(); long t = r.u32(); return name + (t != 0 ? " " + t : "") + " " + e; }
            case TABLE_PAIR: { long d = r.u32(); long s = r.u32(); return name + (d != 0 || s != 0 ? " " + d + " " + s : ""); }
            case I32: return name + " " + r.s32();
            case I64: return name + " " + r.s64();
            case F32: return name + " " + floatText(Float.intBitsToFloat(r.f32Bits()));
            case F64: return name + " " + doubleText(Double.longBitsToDouble(r.f64Bits()));
            case REF_TYPE: return name + " " + (valType(r) == ValType.FUNCREF ? "func" : "extern");
            default: throw new IllegalStateException(o.immediates().toString());
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
