package io.backstep.engine.decode;

import io.backstep.engine.model.ConstExpr;
import io.backstep.engine.model.CustomSection;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.ExternKind;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.FunctionBody;
import io.backstep.engine.model.Global;
import io.backstep.engine.model.GlobalType;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.model.NameSection;
import io.backstep.engine.model.SegmentMode;
import io.backstep.engine.model.TableType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.validate.InvalidModuleException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the Wasm 2.0 binary format into a {@link WasmModule}. Function bodies are not decoded here
 * (only their locals and byte range); the body compiler does that.
 *
 * <p>Every count read from the binary is checked against the bytes left before anything is allocated
 * for it, so hostile counts cannot exhaust memory. Constant expressions are decoded as instruction
 * sequences: an unknown opcode is malformed, but a well-formed non-constant instruction or a wrong
 * number of values is an <em>invalid</em> module (that is how the spec's test suite classifies them).
 * Such an invalidity is remembered and thrown as {@link InvalidModuleException} only once the whole
 * binary has decoded, so a malformation anywhere in the module still wins.
 */
public final class ModuleDecoder {
    private static final int MAGIC = 0x6D736100; // "\0asm" read little-endian
    private static final int VERSION = 1;

    /** Position of each section id in the required order (custom sections excluded); -1 for unknown ids. */
    private static final int[] SECTION_RANK = {-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

    private final byte[] bytes;
    private final ByteReader r;
    private final InstructionSkipper skipper;

    private FuncType[] types = new FuncType[0];
    private Import[] imports = new Import[0];
    private int[] functionTypeIndices = new int[0];
    private TableType[] tables = new TableType[0];
    private MemoryType[] memories = new MemoryType[0];
    private Global[] globals = new Global[0];
    private Export[] exports = new Export[0];
    private int start = -1;
    private ElementSegment[] elements = new ElementSegment[0];
    private DataSegment[] data = new DataSegment[0];
    private int dataCount = -1;
    private FunctionBody[] bodies = new FunctionBody[0];
    private NameSection names;
    private final List<CustomSection> customs = new ArrayList<>();
    /** Global types visible so far (imports, then defined globals), to type global.get in constant expressions. */
    private final List<GlobalType> knownGlobals = new ArrayList<>();

    private InvalidModuleException deferredInvalid;

    private ModuleDecoder(byte[] bytes) {
        this.bytes = bytes;
        this.r = new ByteReader(bytes);
        this.skipper = new InstructionSkipper(r);
    }

    /**
     * @throws MalformedModuleException if the bytes are not a well-formed binary module
     * @throws InvalidModuleException   if they are well formed but a constant expression is not
     *                                  (see the class comment); all other validation is {@code ModuleValidator}'s
     */
    public static WasmModule decode(byte[] bytes) {
        if (bytes == null) throw new MalformedModuleException(0, "unexpected end");
        return new ModuleDecoder(bytes).run();
    }

    private WasmModule run() {
        header();
        int lastRank = 0;
        while (!r.atEnd()) {
            int idAt = r.pos();
            int id = r.u8();
            if (id >= SECTION_RANK.length) throw r.error(idAt, "malformed section id");
            int sizeAt = r.pos();
            long size = r.u32();
            if (size > r.remaining()) throw r.error(sizeAt, "length out of bounds");
            int sectionEnd = r.pos() + (int) size;
            if (id != 0) {
                int rank = SECTION_RANK[id];
                // The reference decoder reads sections in a fixed order, so a repeated or misplaced one
                // is simply content it could not consume.
                if (rank <= lastRank) throw r.error(idAt, "unexpected content after last section");
                lastRank = rank;
            }
            int outer = r.limit(sectionEnd);
            try {
                section(id, sectionEnd);
            } catch (MalformedModuleException e) {
                // Inside a section the test suite words running out of bytes this way.
                if (e.reason().equals("unexpected end")) {
                    throw new MalformedModuleException(e.offset(), "unexpected end of section or function");
                }
                throw e;
            }
            if (r.pos() != sectionEnd) throw r.error("section size mismatch");
            r.limit(outer);
        }
        if (functionTypeIndices.length != bodies.length) {
            throw r.error("function and code section have inconsistent lengths");
        }
        if (dataCount >= 0 && dataCount != data.length) {
            throw r.error("data count and data section have inconsistent lengths");
        }
        if (deferredInvalid != null) throw deferredInvalid;
        return new WasmModule(bytes, types, imports, functionTypeIndices, tables, memories, globals, exports,
                start, elements, data, dataCount, bodies, names, customs.toArray(new CustomSection[0]));
    }

    private void header() {
        if (bytes.length < 4) throw r.error(0, "unexpected end");
        if (le32(0) != MAGIC) throw r.error(0, "magic header not detected");
        if (bytes.length < 8) throw r.error(4, "unexpected end");
        if (le32(4) != VERSION) throw r.error(4, "unknown binary version");
        r.pos(8);
    }

    private int le32(int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    private void section(int id, int sectionEnd) {
        switch (id) {
            case 0 -> customSection(sectionEnd);
            case 1 -> typeSection();
            case 2 -> importSection();
            case 3 -> functionSection();
            case 4 -> tableSection();
            case 5 -> memorySection();
            case 6 -> globalSection();
            case 7 -> exportSection();
            case 8 -> start = index();
            case 9 -> elementSection();
            case 10 -> codeSection();
            case 11 -> dataSection();
            case 12 -> dataCount = index();
            default -> throw new IllegalStateException("unreachable section id " + id);
        }
    }

    // ---------------------------------------------------------------- primitives

    /**
     * A vector length. Each element takes at least one byte, so a longer count cannot be satisfied: it is
     * rejected before anything is allocated for it.
     */
    private int count() {
        long n = r.u32();
        if (n > r.remaining()) throw r.error(r.end(), "unexpected end of section or function");
        return (int) n;
    }

    /**
     * An index (u32). Values beyond int range are well formed but can never be in range, so they are
     * clamped to {@link Integer#MAX_VALUE} and left for the validator to reject as unknown.
     */
    private int index() {
        long v = r.u32();
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private ValType valType() {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null) throw r.error(at, "malformed value type");
        return t;
    }

    private ValType refType() {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null || !t.isRef()) throw r.error(at, "malformed reference type");
        return t;
    }

    private Limits limits() {
        // The flag is a 1-bit unsigned LEB128 in the reference decoder: a continuation bit makes the
        // representation too long, any value above 1 is too large.
        int at = r.pos();
        int flag = r.u8();
        if ((flag & 0x7F) > 1) throw r.error(at, "integer too large");
        if ((flag & 0x80) != 0) throw r.error(at, "integer representation too long");
        long min = r.u32();
        long max = flag == 1 ? r.u32() : -1;
        return new Limits(min, max);
    }

    private GlobalType globalType() {
        ValType t = valType();
        int at = r.pos();
        int mut = r.u8();
        if (mut > 1) throw r.error(at, "malformed mutability");
        return new GlobalType(t, mut == 1);
    }

    private String name() {
        return r.name();
    }

    private void deferInvalid(int at, String reason) {
        if (deferredInvalid == null) deferredInvalid = new InvalidModuleException(at, reason);
    }

    // ---------------------------------------------------------------- sections

    private void customSection(int sectionEnd) {
        String name = name();
        int payloadStart = r.pos();
        customs.add(new CustomSection(name, payloadStart, sectionEnd));
        if (name.equals("name") && names == null) {
            names = NameSectionDecoder.decode(bytes, payloadStart, sectionEnd);
        }
        r.pos(sectionEnd);
    }

    private void typeSection() {
        int n = count();
        types = new FuncType[n];
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int form = r.u8();
            if (form != 0x60) {
                throw r.error(at, (form & 0x80) != 0 ? "integer representation too long" : "malformed function type");
            }
            ValType[] params = valTypes();
            ValType[] results = valTypes();
            types[i] = new FuncType(params, results);
        }
    }

    private ValType[] valTypes() {
        int n = count();
        ValType[] ts = new ValType[n];
        for (int i = 0; i < n; i++) ts[i] = valType();
        return ts;
    }

    private void importSection() {
        int n = count();
        imports = new Import[n];
        for (int i = 0; i < n; i++) {
            String module = name();
            String field = name();
            int at = r.pos();
            int kind = r.u8();
            imports[i] = switch (kind) {
                case 0 -> new Import(module, field, ExternKind.FUNCTION, index(), null, null, null);
                case 1 -> new Import(module, field, ExternKind.TABLE, -1, new TableType(refType(), limits()), null, null);
                case 2 -> new Import(module, field, ExternKind.MEMORY, -1, null, new MemoryType(limits()), null);
                case 3 -> {
                    GlobalType g = globalType();
                    knownGlobals.add(g);
                    yield new Import(module, field, ExternKind.GLOBAL, -1, null, null, g);
                }
                default -> throw r.error(at, "malformed import kind");
            };
        }
    }

    private void functionSection() {
        int n = count();
        functionTypeIndices = new int[n];
        for (int i = 0; i < n; i++) functionTypeIndices[i] = index();
    }

    private void tableSection() {
        int n = count();
        tables = new TableType[n];
        for (int i = 0; i < n; i++) tables[i] = new TableType(refType(), limits());
    }

    private void memorySection() {
        int n = count();
        memories = new MemoryType[n];
        for (int i = 0; i < n; i++) memories[i] = new MemoryType(limits());
    }

    private void globalSection() {
        int n = count();
        globals = new Global[n];
        for (int i = 0; i < n; i++) {
            GlobalType t = globalType();
            ConstExpr init = constExpr();
            globals[i] = new Global(t, init);
            knownGlobals.add(t);
        }
    }

    private void exportSection() {
        int n = count();
        exports = new Export[n];
        for (int i = 0; i < n; i++) {
            String name = name();
            int at = r.pos();
            int kind = r.u8();
            ExternKind k = switch (kind) {
                case 0 -> ExternKind.FUNCTION;
                case 1 -> ExternKind.TABLE;
                case 2 -> ExternKind.MEMORY;
                case 3 -> ExternKind.GLOBAL;
                default -> throw r.error(at, "malformed export kind");
            };
            exports[i] = new Export(name, k, index());
        }
    }

    private void elementSection() {
        int n = count();
        elements = new ElementSegment[n];
        for (int i = 0; i < n; i++) elements[i] = elementSegment();
    }

    private ElementSegment elementSegment() {
        int at = r.pos();
        long flags = r.u32();
        if (flags > 7) throw r.error(at, "malformed elements segment kind");
        // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
        // declarative (non-active); bit 2: items are expressions rather than function indices.
        boolean nonActive = (flags & 1) != 0;
        boolean bit1 = (flags & 2) != 0;
        boolean exprs = (flags & 4) != 0;
        SegmentMode mode = !nonActive ? SegmentMode.ACTIVE : bit1 ? SegmentMode.DECLARATIVE : SegmentMode.PASSIVE;
        int table = 0;
        ConstExpr offset = null;
        if (mode == SegmentMode.ACTIVE) {
            if (bit1) table = index();
            offset = constExpr();
        }
        ValType elemType = ValType.FUNCREF;
        if (nonActive || bit1) {
            if (exprs) {
                elemType = refType();
            } else {
                int kindAt = r.pos();
                if (r.u8() != 0x00) throw r.error(kindAt, "malformed element kind");
            }
        }
        int count = count();
        ConstExpr[] items = new ConstExpr[count];
        for (int i = 0; i < count; i++) {
            items[i] = exprs ? constExpr() : new ConstExpr(ConstExpr.Kind.REF_FUNC, ValType.FUNCREF, 0, 0, index());
        }
        return new ElementSegment(mode, elemType, table, offset, items);
    }

    private void codeSection() {
        int n = count();
        bodies = new FunctionBody[n];
        for (int i = 0; i < n; i++) bodies[i] = functionBody();
    }

    private FunctionBody functionBody() {
        int sizeAt = r.pos();
        long size = r.u32();
        if (size > r.remaining()) throw r.error(sizeAt, "length out of bounds");
        int bodyEnd = r.pos() + (int) size;
        int outer = r.limit(bodyEnd);
        int entries = count();
        int[] counts = new int[entries];
        ValType[] localTypes = new ValType[entries];
        long total = 0;
        for (int i = 0; i < entries; i++) {
            int at = r.pos();
            long c = r.u32();
            total += c;
            // Checked per entry so that the run-length counts are never expanded before the limit is known.
            if (total > FunctionBody.MAX_LOCALS) throw r.error(at, "too many locals");
            counts[i] = (int) c;
            localTypes[i] = valType();
        }
        int codeStart = r.pos();
        // Every well-formed body ends with the `end` of its instruction sequence, so its last byte must be 0x0B.
        if (codeStart >= bodyEnd || (bytes[bodyEnd - 1] & 0xFF) != 0x0B) {
            throw r.error(bodyEnd, "END opcode expected");
        }
        // Decode every instruction now, as the spec's decoder does, so that a malformed body is reported
        // as malformed even when validation of an earlier function would fail first.
        r.pos(codeStart);
        skipper.skipBody(bodyEnd);
        r.limit(outer);
        r.pos(bodyEnd);
        return new FunctionBody(counts, localTypes, codeStart, bodyEnd);
    }

    private void dataSection() {
        int n = count();
        data = new DataSegment[n];
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            long flags = r.u32();
            data[i] = switch ((int) Math.min(flags, 3)) {
                case 0 -> {
                    ConstExpr offset = constExpr();
                    yield new DataSegment(SegmentMode.ACTIVE, 0, offset, byteVector());
                }
                case 1 -> new DataSegment(SegmentMode.PASSIVE, 0, null, byteVector());
                case 2 -> {
                    int memory = index();
                    ConstExpr offset = constExpr();
                    yield new DataSegment(SegmentMode.ACTIVE, memory, offset, byteVector());
                }
                default -> throw r.error(at, "malformed data segment kind");
            };
        }
    }

    private byte[] byteVector() {
        long len = r.u32();
        if (len > r.remaining()) throw r.error("unexpected end of section or function");
        return r.bytes((int) len);
    }

    // ---------------------------------------------------------------- constant expressions

    /**
     * Decodes a constant expression up to its final {@code end}. Returns the single constant instruction
     * when that is all there is; otherwise records why the module is invalid and returns a placeholder
     * (the module is then rejected before anyone can see it).
     */
    private ConstExpr constExpr() {
        int exprStart = r.pos();
        ConstExpr single = null;
        int instructions = 0;
        int nonConstantAt = -1;
        int depth = 0;
        while (true) {
            int at = r.pos();
            int op = r.u8();
            if (op == 0x0B) {
                if (depth == 0) break;
                depth--;
                continue;
            }
            instructions++;
            ConstExpr c = instruction(op, at);
            if (c == null) {
                if (nonConstantAt < 0) nonConstantAt = at;
                if (op >= 0x02 && op <= 0x04) depth++;
            } else if (instructions == 1) {
                single = c;
            }
        }
        if (nonConstantAt >= 0) {
            deferInvalid(nonConstantAt, "constant expression required");
        } else if (instructions != 1) {
            deferInvalid(exprStart, "type mismatch");
        } else {
            return single;
        }
        return new ConstExpr(ConstExpr.Kind.I32_CONST, ValType.I32, 0, 0, -1);
    }

    /** Decodes one instruction: a constant one becomes a ConstExpr, any other known one is skipped (null). */
    private ConstExpr instruction(int op, int at) {
        switch (op) {
            case 0x41:
                return new ConstExpr(ConstExpr.Kind.I32_CONST, ValType.I32, r.s32(), 0, -1);
            case 0x42:
                return new ConstExpr(ConstExpr.Kind.I64_CONST, ValType.I64, r.s64(), 0, -1);
            case 0x43:
                return new ConstExpr(ConstExpr.Kind.F32_CONST, ValType.F32, r.f32Bits() & 0xFFFFFFFFL, 0, -1);
            case 0x44:
                return new ConstExpr(ConstExpr.Kind.F64_CONST, ValType.F64, r.f64Bits(), 0, -1);
            case 0xD0:
                return new ConstExpr(ConstExpr.Kind.REF_NULL, refType(), 0, 0, -1);
            case 0xD2:
                return new ConstExpr(ConstExpr.Kind.REF_FUNC, ValType.FUNCREF, 0, 0, index());
            case 0x23: {
                int g = index();
                ValType t = g < knownGlobals.size() ? knownGlobals.get(g).type() : null;
                return new ConstExpr(ConstExpr.Kind.GLOBAL_GET, t, 0, 0, g);
            }
            case 0xFD: {
                long sub = r.u32();
                if (sub == 0x0C) {
                    long lo = r.i64Bits();
                    long hi = r.i64Bits();
                    return new ConstExpr(ConstExpr.Kind.V128_CONST, ValType.V128, lo, hi, -1);
                }
                skipper.skipSimd(sub, at);
                return null;
            }
            default:
                skipper.skipImmediates(op, at);
                return null;
        }
    }

}
