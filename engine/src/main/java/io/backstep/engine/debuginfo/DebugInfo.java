package io.backstep.engine.debuginfo;

import io.backstep.engine.model.CustomSection;
import io.backstep.engine.model.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The DWARF debug information of one module: the entry point of this package.
 *
 * <p>Opening is cheap: it only locates the sections. Unit headers are indexed on first use, a unit's
 * root entry is read when its address ranges are needed, and its other entries and its line table
 * when something asks for them. Addresses are DWARF code addresses; {@link #codeMap()} converts them to
 * and from the engine's module byte offsets and function indices.
 *
 * <p>Every method throws {@link DebugInfoException} (a one-line message naming section and offset) for
 * malformed DWARF, and nothing else.
 */
public final class DebugInfo {
    public static final String EXTERNAL_SECTION = "external_debug_info";

    private final CodeMap codeMap;
    private final DwarfSections sections;     // null when there is no DWARF
    private final String description;
    private final String externalName;
    private List<CompileUnit> units;
    private CompileUnit[] unitByStart;
    private long[] unitRangeStart, unitRangeEnd;
    private final Map<Long, Abbreviation.Table> abbrevs = new HashMap<>();
    private final Map<Long, DwarfType> types = new HashMap<>();
    private final Map<Long, Scope> scopes = new HashMap<>();

    private DebugInfo(CodeMap codeMap, DwarfSections sections, String description, String externalName) {
        this.codeMap = codeMap;
        this.sections = sections;
        this.description = description;
        this.externalName = externalName;
    }

    /** The DWARF embedded in the module (an external_debug_info section is noted but not followed). */
    public static DebugInfo of(WasmModule module) {
        return of(module, null);
    }

    /**
     * The module's DWARF: embedded in its custom sections, or else read from the file its
     * external_debug_info section names, resolved against {@code moduleDir} (null: not followed).
     * A module without DWARF gives an instance whose {@link #present()} is false and whose
     * {@link #description()} says why.
     */
    public static DebugInfo of(WasmModule module, Path moduleDir) {
        CodeMap map = CodeMap.of(module);
        byte[] bytes = module.bytes();
        Map<String, Section> found = new LinkedHashMap<>();
        String external = null;
        for (CustomSection cs : module.customSections()) {
            if (cs.name().startsWith(".debug_") && !found.containsKey(cs.name())) {
                found.put(cs.name(), new Section(cs.name(), bytes, cs.payloadStart(), cs.payloadEnd()));
            } else if (cs.name().equals(EXTERNAL_SECTION) && external == null) {
                external = externalName(new Section(EXTERNAL_SECTION, bytes, cs.payloadStart(), cs.payloadEnd()));
            }
        }
        if (found.containsKey(".debug_info")) {
            return new DebugInfo(map, new DwarfSections(found), "DWARF in the module's custom sections", external);
        }
        if (external == null) {
            String why = found.isEmpty() ? "no DWARF: the module has no .debug_* sections (build with -g)"
                    : "no DWARF: the module has " + String.join(", ", found.keySet()) + " but no .debug_info";
            return new DebugInfo(map, null, why, null);
        }
        if (moduleDir == null) {
            return new DebugInfo(map, null, "no DWARF in the module; it names external debug info '" + external + "' (not read)", external);
        }
        if (external.contains("://")) {
            return new DebugInfo(map, null, "no DWARF in the module; its external debug info is a URL, not a file: " + external, external);
        }
        Path file;
        try {
            file = moduleDir.resolve(external);
        } catch (RuntimeException e) {
            return new DebugInfo(map, null, "no DWARF in the module; external debug info '" + external + "' is not a valid path", external);
        }
        if (!Files.isRegularFile(file)) {
            return new DebugInfo(map, null, "no DWARF: external debug info file " + file + " not found", external);
        }
        byte[] ext;
        try {
            ext = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DebugInfoException("external debug info " + file + ": " + io.backstep.engine.WasmException.describe(e));
        }
        Map<String, Section> extSections = customSections(ext, file.toString());
        if (!extSections.containsKey(".debug_info")) {
            return new DebugInfo(map, null, "no DWARF: external debug info file " + file + " has no .debug_info section", external);
        }
        return new DebugInfo(map, new DwarfSections(extSections), "DWARF from external file " + file, external);
    }

    private static String externalName(Section s) {
        Cursor c = s.cursor(0);
        int n = c.ulebInt();
        if (n > c.remaining()) throw c.error("name runs past the end of the section");
        return new String(s.slice(c.pos(), n), StandardCharsets.UTF_8);
    }

    /** The .debug_* custom sections of a Wasm binary (only section headers are read). */
    private static Map<String, Section> customSections(byte[] b, String what) {
        Section whole = new Section(what, b, 0, b.length);
        Cursor c = whole.cursor(0);
        if (b.length < 8 || c.u32() != 0x6D736100L) throw new DebugInfoException(what + ": not a WebAssembly module");
        c.u32();
        Map<String, Section> out = new LinkedHashMap<>();
        while (!c.atEnd()) {
            int id = c.u8();
            long size = c.uleb();
            if (size > c.remaining()) throw c.error("section runs past the end of the file");
            long end = c.pos() + size;
            if (id == 0) {
                int n = c.ulebInt();
                if (n > end - c.pos()) throw c.error("section name runs past the section");
                String name = new String(whole.slice(c.pos(), n), StandardCharsets.UTF_8);
                c.skip(n);
                if (name.startsWith(".debug_") && !out.containsKey(name)) out.put(name, new Section(name, b, (int) c.pos(), (int) end));
            }
            c.pos(end);
        }
        return out;
    }

    /** True if the module has DWARF (embedded or external). */
    public boolean present() { return sections != null; }

    /** Where the DWARF came from, or why there is none, in one line. */
    public String description() { return description; }

    /** The file named by the module's external_debug_info section, or null. */
    public String externalDebugInfo() { return externalName; }

    public CodeMap codeMap() { return codeMap; }

    private void requirePresent() {
        if (sections == null) throw new DebugInfoException(description);
    }

    /** The units of .debug_info (headers only are read). Empty without DWARF. */
    public synchronized List<CompileUnit> units() {
        if (units == null) units = sections == null ? List.of() : List.copyOf(CompileUnit.index(this, sections));
        return units;
    }

    synchronized Abbreviation.Table abbreviations(long offset) {
        Abbreviation.Table t = abbrevs.get(offset);
        if (t == null) {
            t = Abbreviation.read(sections.abbrev, offset);
            abbrevs.put(offset, t);
        }
        return t;
    }

    synchronized DwarfType typeCache(Die d, Supplier<DwarfType> make) {
        return types.computeIfAbsent(d.offset, k -> make.get());
    }

    /** The entry at a .debug_info offset (reads its unit if needed). */
    public Die dieAt(long offset) {
        for (CompileUnit u : units()) {
            if (u.containsOffset(offset)) {
                Die d = u.dieAt(offset);
                if (d == null) throw DebugInfoException.at(".debug_info", offset, "reference to an offset that is not an entry");
                return d;
            }
        }
        throw DebugInfoException.at(".debug_info", offset, "reference outside every unit");
    }

    /** The file a decl_file / call_file attribute names, or null. */
    SourceFile file(CompileUnit u, long index) {
        LineTable t = u.lineTable();
        return t == null || index < 0 || index > Integer.MAX_VALUE ? null : t.file((int) index);
    }

    private synchronized void indexUnitRanges() {
        if (unitByStart != null) return;
        TreeMap<Long, Object[]> byStart = new TreeMap<>(Long::compareUnsigned);
        for (CompileUnit u : units()) {
            for (AddressRange r : u.ranges()) byStart.putIfAbsent(r.start(), new Object[]{r, u});
        }
        int n = byStart.size();
        unitByStart = new CompileUnit[n];
        unitRangeStart = new long[n];
        unitRangeEnd = new long[n];
        int i = 0;
        for (Object[] e : byStart.values()) {
            AddressRange r = (AddressRange) e[0];
            unitRangeStart[i] = r.start();
            unitRangeEnd[i] = r.end();
            unitByStart[i++] = (CompileUnit) e[1];
        }
    }

    /** The unit whose ranges cover a DWARF address, or null. */
    public CompileUnit unitAt(long address) {
        if (sections == null) return null;
        indexUnitRanges();
        int i = Arrays.binarySearch(unitRangeStart, address);
        if (i < 0) i = -i - 2;
        // Ranges may overlap (several ranges of several units): look back a little.
        for (int j = i; j >= 0 && j > i - 64; j--) {
            if (Long.compareUnsigned(address, unitRangeStart[j]) >= 0 && Long.compareUnsigned(address, unitRangeEnd[j]) < 0) {
                return unitByStart[j];
            }
        }
        return null;
    }

    /** The line-table row covering a DWARF address, or null. */
    public LineRow lineAt(long address) {
        CompileUnit u = unitAt(address);
        if (u == null) return null;
        LineTable t = u.lineTable();
        return t == null ? null : t.rowFor(address);
    }

    /** A resolved source position. */
    public record SourcePosition(SourceFile file, int line, int column, LineRow row) { }

    /** The source position of a DWARF address, or null if no line table covers it. */
    public SourcePosition sourceAt(long address) {
        CompileUnit u = unitAt(address);
        if (u == null) return null;
        LineTable t = u.lineTable();
        LineRow r = t == null ? null : t.rowFor(address);
        return r == null ? null : new SourcePosition(t.file(r.file()), r.line(), r.column(), r);
    }

    /** The source position of an engine position (module byte offset), or null. */
    public SourcePosition sourceAtModuleOffset(int moduleOffset) {
        long a = codeMap.toDwarf(moduleOffset);
        return a < 0 ? null : sourceAt(a);
    }

    /**
     * Where to stop for a source line: for each function with code for {@code line} in a file matching
     * {@code path} (see {@link SourceFile#matches}), its lowest is_stmt address. Reads every unit's line
     * table. Ascending.
     */
    public List<Long> addressesForLine(String path, int line) {
        Map<Integer, Long> byFunction = new TreeMap<>();
        for (CompileUnit u : units()) {
            LineTable t = u.lineTable();
            if (t == null) continue;
            for (int f : t.filesMatching(path)) {
                for (long a : t.addressesFor(f, line)) {
                    int fn = codeMap.functionAt(a);
                    byFunction.merge(fn, a, (x, y) -> Long.compareUnsigned(x, y) <= 0 ? x : y);
                }
            }
        }
        List<Long> out = new ArrayList<>(byFunction.values());
        out.sort(Long::compareUnsigned);
        return out;
    }

    /** Subprogram ranges of one unit, sorted by start, for {@link #functionAt}. */
    private record FunctionIndex(long[] starts, long[] ends, Die[] dies) { }

    private final Map<Long, FunctionIndex> functionIndex = new HashMap<>();

    private synchronized FunctionIndex functionIndex(CompileUnit u) {
        FunctionIndex fi = functionIndex.get(u.offset());
        if (fi == null) {
            List<Object[]> all = new ArrayList<>();
            collectSubprograms(u.root(), all, 0);
            all.sort((x, y) -> Long.compareUnsigned(((AddressRange) x[0]).start(), ((AddressRange) y[0]).start()));
            long[] st = new long[all.size()], en = new long[all.size()];
            Die[] ds = new Die[all.size()];
            for (int i = 0; i < ds.length; i++) {
                st[i] = ((AddressRange) all.get(i)[0]).start();
                en[i] = ((AddressRange) all.get(i)[0]).end();
                ds[i] = (Die) all.get(i)[1];
            }
            fi = new FunctionIndex(st, en, ds);
            functionIndex.put(u.offset(), fi);
        }
        return fi;
    }

    private static void collectSubprograms(Die parent, List<Object[]> out, int depth) {
        if (depth > 16) return;
        for (Die d : parent.children()) {
            int tag = d.tag();
            if (tag == Dw.TAG_subprogram) {
                if (!d.flag(Dw.AT_declaration)) for (AddressRange r : d.ranges()) out.add(new Object[]{r, d});
            } else if (tag == Dw.TAG_namespace || tag == Dw.TAG_class_type || tag == Dw.TAG_structure_type) {
                collectSubprograms(d, out, depth + 1);
            }
        }
    }

    /** The out-of-line function (subprogram) covering a DWARF address, with its scopes, or null. */
    public Scope functionAt(long address) {
        CompileUnit u = unitAt(address);
        if (u == null) return null;
        FunctionIndex fi = functionIndex(u);
        int i = Arrays.binarySearch(fi.starts, address);
        if (i < 0) i = -i - 2;
        Die found = null;
        for (int j = i; j >= 0 && j > i - 16; j--) {
            if (Long.compareUnsigned(address, fi.starts[j]) >= 0 && Long.compareUnsigned(address, fi.ends[j]) < 0) {
                found = fi.dies[j];
                break;
            }
        }
        if (found == null) return null;
        synchronized (this) {
            Scope s = scopes.get(found.offset);
            if (s == null) {
                s = Scope.build(found, null, 0);
                scopes.put(found.offset, s);
            }
            return s;
        }
    }

    /**
     * Where a breakpoint on a function's entry should stop: the first line-table row in the function's
     * first range marked prologue_end, else its first is_stmt row, else its low_pc.
     */
    public long entryBreakpointAddress(Scope function) {
        Scope f = function.function();
        if (f.ranges().isEmpty()) throw DebugInfoException.at(".debug_info", f.die().offset, "function has no code");
        AddressRange r = f.ranges().get(0);
        LineTable t = f.die().unit.lineTable();
        long firstStmt = -1;
        if (t != null) {
            for (LineRow row : t.rows()) {
                if (row.endSequence() || !r.contains(row.address())) continue;
                if (row.prologueEnd()) return row.address();
                if (row.isStmt() && (firstStmt < 0 || row.address() < firstStmt)) firstStmt = row.address();
            }
        }
        return firstStmt >= 0 ? firstStmt : r.start();
    }

    /** Scopes covering a DWARF address, innermost first, ending with the function; empty if none. */
    public List<Scope> scopesAt(long address) {
        Scope f = functionAt(address);
        List<Scope> out = new ArrayList<>();
        if (f == null) return out;
        for (Scope s = f.innermostAt(address); s != null; s = s.parent()) out.add(s);
        return out;
    }

    /**
     * Variables and parameters visible at a DWARF address, innermost scope first (an inner variable
     * comes before an outer one of the same name). Includes the variables of inlined functions.
     */
    public List<Variable> variablesAt(long address) {
        List<Variable> out = new ArrayList<>();
        for (Scope s : scopesAt(address)) out.addAll(s.variables());
        return out;
    }

    /** Global variables of a unit (those with a name at the unit's top level). */
    public List<Variable> globals(CompileUnit u) {
        List<Variable> out = new ArrayList<>();
        for (Die d : u.root().children()) if (d.tag() == Dw.TAG_variable) out.add(new Variable(d, null, false));
        return out;
    }

    /**
     * Evaluates where a variable is at a DWARF address and reads its value from {@code frame} (the
     * state of the frame running the variable's function at that address).
     */
    public VariableValue valueOf(Variable v, long address, FrameAccess frame) {
        byte[] expr = v.expressionAt(address);
        DwarfType type = v.type();
        long size = type.byteSize();
        if (expr == null) {
            byte[] cv = v.constValue();
            if (cv != null) return new VariableValue(VariableValue.Status.AVAILABLE, new Location.Bytes(cv), cv, null);
            return VariableValue.optimizedOut(v.die().has(Dw.AT_location) ? "no location at this address" : "no location");
        }
        CompileUnit unit = v.die().unit;
        Scope fn = v.scope() == null ? null : v.scope().function();
        DwarfExpression.Context ctx = new DwarfExpression.Context() {
            public FrameAccess frame() { return frame; }
            public long frameBase() {
                if (fn == null) throw new DebugInfoException("DW_OP_fbreg outside a function");
                return DebugInfo.this.frameBase(fn, address, frame);
            }
            public int addressSize() { return unit.addressSize(); }
            public long indexedAddress(long index) { return unit.indexedAddress(index); }
        };
        Location loc = DwarfExpression.evaluate(expr, ctx);
        if (loc instanceof Location.OptimizedOut) return VariableValue.optimizedOut("empty location");
        if (loc instanceof Location.Unavailable u) return VariableValue.unavailable(loc, u.reason());
        if (size < 0 || size > 1 << 24) return VariableValue.unavailable(loc, "size of type " + type.name() + " unknown");
        return read(loc, (int) size, frame);
    }

    private long frameBase(Scope fn, long address, FrameAccess frame) {
        Die d = fn.die();
        byte[] fb;
        if (d.isLocationList(Dw.AT_frame_base)) {
            fb = null;
            for (CompileUnit.LocationListEntry e : d.unit.locationList(d, Dw.AT_frame_base)) {
                if (e.range().contains(address)) fb = e.expression();
            }
        } else {
            fb = d.block(Dw.AT_frame_base);
        }
        if (fb == null) throw DebugInfoException.at(".debug_info", d.offset, "DW_OP_fbreg in a function without a frame base here");
        DwarfExpression.Context ctx = new DwarfExpression.Context() {
            public FrameAccess frame() { return frame; }
            public long frameBase() { throw DebugInfoException.at(".debug_info", d.offset, "frame base refers to itself"); }
            public int addressSize() { return d.unit.addressSize(); }
            public long indexedAddress(long index) { return d.unit.indexedAddress(index); }
        };
        Location l = DwarfExpression.evaluate(fb, ctx);
        long mask = d.unit.addressSize() == 4 ? 0xFFFFFFFFL : -1L;
        if (l instanceof Location.Local x) return frame.local(x.index()) & mask;
        if (l instanceof Location.Global x) return frame.global(x.index()) & mask;
        if (l instanceof Location.Operand x) return frame.operand(x.index()) & mask;
        if (l instanceof Location.Value x) return x.value() & mask;
        if (l instanceof Location.Memory x) return x.address();
        throw DebugInfoException.at(".debug_info", d.offset, "unsupported frame base " + l);
    }

    /** Reads {@code size} bytes of a location. */
    static VariableValue read(Location loc, int size, FrameAccess frame) {
        byte[] out = new byte[size];
        String missing = fill(loc, out, 0, size, frame);
        if (missing == null) return new VariableValue(VariableValue.Status.AVAILABLE, loc, out, null);
        if (missing.equals("optimized out")) return VariableValue.optimizedOut("partly optimized out");
        return VariableValue.unavailable(loc, missing);
    }

    /** Fills {@code out[at, at+size)} from a location; returns null, or why it could not. */
    private static String fill(Location loc, byte[] out, int at, int size, FrameAccess frame) {
        if (loc instanceof Location.Memory m) {
            byte[] b = new byte[size];
            if (!frame.readMemory(m.address(), b)) return "memory at 0x" + Long.toHexString(m.address()) + " is out of bounds";
            System.arraycopy(b, 0, out, at, size);
            return null;
        }
        if (loc instanceof Location.Local l) return putLong(frame.local(l.index()), out, at, size);
        if (loc instanceof Location.Global g) return putLong(frame.global(g.index()), out, at, size);
        if (loc instanceof Location.Operand o) return putLong(frame.operand(o.index()), out, at, size);
        if (loc instanceof Location.Value v) return putLong(v.value(), out, at, size);
        if (loc instanceof Location.Bytes b) {
            System.arraycopy(b.bytes(), 0, out, at, Math.min(size, b.bytes().length));
            return null;
        }
        if (loc instanceof Location.Composite c) {
            int pos = at;
            for (Location.Piece p : c.pieces()) {
                int n = Math.min(p.size(), at + size - pos);
                if (n <= 0) break;
                String why = fill(p.location(), out, pos, n, frame);
                if (why != null) return why;
                pos += p.size();
            }
            return pos < at + size ? "optimized out" : null;
        }
        if (loc instanceof Location.Unavailable u) return u.reason();
        return "optimized out";
    }

    private static String putLong(long v, byte[] out, int at, int size) {
        if (size > 8) return "a " + size + "-byte value cannot be held in one Wasm value";
        for (int i = 0; i < size; i++) out[at + i] = (byte) (v >>> (8 * i));
        return null;
    }
}
