package io.backstep.engine.source;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.debuginfo.CodeMap;
import io.backstep.engine.debuginfo.CompileUnit;
import io.backstep.engine.debuginfo.DebugInfo;
import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;
import io.backstep.engine.debuginfo.DebugInfoException;
import io.backstep.engine.debuginfo.Die;
import io.backstep.engine.debuginfo.Dw;
import io.backstep.engine.debuginfo.DwarfType;
import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.engine.debuginfo.LineRow;
import io.backstep.engine.debuginfo.LineTable;
import io.backstep.engine.debuginfo.Location;
import io.backstep.engine.debuginfo.Scope;
import io.backstep.engine.debuginfo.SourceFile;
import io.backstep.engine.debuginfo.Variable;
import io.backstep.engine.debuginfo.VariableValue;
import io.backstep.engine.model.WasmModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The program as its source shows it, for every debugger front end (window, command line, DAP): the
 * source position and frames (inlined calls included) of a Wasm call stack, the variables in scope
 * with C types and values, C expressions, line breakpoints, and what line stepping needs to know about
 * an instruction. Built on {@link DebugInfo}, and safe on any module: without DWARF every answer is
 * "no source information"; when the DWARF turns out to be malformed, {@link #status()} says "debug info
 * unreadable: ..." from then on and every answer is empty, so the Wasm-level debugger goes on working.
 * Methods of this class never throw {@link DebugInfoException}.
 */
public final class SourceModel {
    private static final Map<WasmModule, SourceModel> CACHE = new WeakHashMap<>();
    /** Lines searched after a line without code for a breakpoint. */
    static final int MAX_LINE_SHIFT = 100;

    private final WasmModule module;
    private final DebugInfo info;
    private volatile String unreadable;
    private final Map<Integer, StepPoint> stepPoints = new HashMap<>();
    private final Map<Integer, Set<Integer>> statementOffsets = new HashMap<>();
    private final Map<Long, Map<Integer, List<Long>>> statementRowsByUnit = new HashMap<>();
    private Map<String, Variable> globalsByName;
    private Map<String, Long> enumerators;
    private Map<String, DwarfType> typesByName;
    private Map<String, Integer> functionsByName;

    private SourceModel(WasmModule module, DebugInfo info, String unreadable) {
        this.module = module;
        this.info = info;
        this.unreadable = unreadable;
    }

    /** The model of a module's embedded DWARF, shared by everyone asking for the same module. */
    public static SourceModel of(WasmModule module) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(module, m -> open(m, null));
        }
    }

    /** A model of the module's DWARF, following an external_debug_info section relative to {@code moduleDir} (may be null). */
    public static SourceModel open(WasmModule module, Path moduleDir) {
        try {
            return new SourceModel(module, DebugInfo.of(module, moduleDir), null);
        } catch (DebugInfoException e) {
            return new SourceModel(module, DebugInfo.of(module), "debug info unreadable: " + e.getMessage());
        }
    }

    /** The DWARF reader underneath (for what this class does not offer). */
    public DebugInfo debugInfo() { return info; }

    /** True if the module has DWARF and it has read without error so far. */
    public boolean available() {
        return info.present() && unreadable == null;
    }

    /** One line: where the debug info comes from, or why there is none ("debug info unreadable: ..."). */
    public String status() {
        return unreadable != null ? unreadable : info.description();
    }

    /** Runs a DWARF query; malformed DWARF marks the model unreadable and gives {@code fallback}. */
    private <T> T guard(Supplier<T> query, T fallback) {
        if (!available()) return fallback;
        try {
            return query.get();
        } catch (DebugInfoException e) {
            unreadable = "debug info unreadable: " + e.getMessage();
            return fallback;
        }
    }

    /** The highest DWARF version among the units, or 0. */
    public int dwarfVersion() {
        return guard(() -> info.units().stream().mapToInt(CompileUnit::version).max().orElse(0), 0);
    }

    /** Every file the line tables name (unique by path, in unit order), from the tables' headers (no rows are read). */
    public List<SourceFile> sourceFiles() {
        return guard(() -> {
            Map<String, SourceFile> out = new LinkedHashMap<>();
            for (CompileUnit u : info.units()) {
                for (SourceFile sf : u.sourceFiles()) out.putIfAbsent(sf.path(), sf);
            }
            return List.copyOf(out.values());
        }, List.of());
    }

    /** The source position of the instruction at a module byte offset, or null. */
    public SourcePosition position(int wasmOffset) {
        return guard(() -> {
            SourcePosition p = info.sourceAtModuleOffset(wasmOffset);
            return p == null || p.line() == 0 ? null : p;
        }, null);
    }

    private long lookupAddress(CodeFrame f) {
        return info.codeMap().toDwarf(f.top() ? f.wasmOffset() : f.wasmOffset() - 1);
    }

    /**
     * The source frames of a Wasm call stack given innermost first: for each Wasm frame, its inlined
     * calls (innermost first) and then the function itself. A frame without debug info is one source
     * frame with no position.
     */
    public List<SourceFrame> frames(List<CodeFrame> stack) {
        List<SourceFrame> out = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            CodeFrame f = stack.get(i);
            int wasmFrame = i;
            List<SourceFrame> mine = guard(() -> framesOf(wasmFrame, f), null);
            if (mine == null || mine.isEmpty()) {
                out.add(new SourceFrame(i, f.functionIndex(), f.functionName(), null, false, null, -1, f.wasmOffset()));
            } else {
                out.addAll(mine);
            }
        }
        return out;
    }

    private List<SourceFrame> framesOf(int wasmFrame, CodeFrame f) {
        long a = lookupAddress(f);
        if (a < 0) return List.of();
        SourcePosition pos = info.sourceAt(a);
        if (pos != null && pos.line() == 0) pos = null;
        List<Scope> scopes = info.scopesAt(a);
        List<SourceFrame> out = new ArrayList<>();
        if (scopes.isEmpty()) {
            out.add(new SourceFrame(wasmFrame, f.functionIndex(), f.functionName(), pos, false, null, a, f.wasmOffset()));
            return out;
        }
        Scope innermost = scopes.get(0);
        for (Scope s : scopes) {
            if (s.kind() == Scope.Kind.BLOCK) continue;
            boolean inlined = s.kind() == Scope.Kind.INLINED_FUNCTION;
            String name = s.name() != null ? s.name() : f.functionName();
            out.add(new SourceFrame(wasmFrame, f.functionIndex(), name, pos, inlined, innermost, a, f.wasmOffset()));
            if (inlined) {
                SourceFile cf = s.callFile();
                pos = cf == null ? null : new SourcePosition(cf, s.callLine(), s.callColumn(), null);
                innermost = s.parent();
            }
        }
        return out;
    }

    /** The source frames of one Wasm frame (innermost inlined call first). */
    public List<SourceFrame> framesOf(CodeFrame frame) {
        return frames(List.of(frame));
    }

    /** Variables of a source frame's scopes, innermost first (an inner name hides an outer one), as value trees. */
    public List<ValueNode> variables(SourceFrame frame, FrameAccess access) {
        return guard(() -> {
            List<ValueNode> out = new ArrayList<>();
            for (Variable v : visible(frame)) out.add(new ValueNode(v.name(), valueOf(v, frame.address(), access), access));
            return out;
        }, List.of());
    }

    /** Global variables of the frame's compilation unit, as value trees. */
    public List<ValueNode> globals(SourceFrame frame, FrameAccess access) {
        return guard(() -> {
            List<ValueNode> out = new ArrayList<>();
            CompileUnit u = frame.address() < 0 ? null : info.unitAt(frame.address());
            if (u == null) return out;
            for (Variable g : info.globals(u)) {
                if (g.name() == null) continue;
                out.add(new ValueNode(g.name(), valueOf(g, frame.address(), access), access));
            }
            return out;
        }, List.of());
    }

    private List<Variable> visible(SourceFrame frame) {
        return guard(() -> {
            List<Variable> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Scope s = frame.scope(); s != null; s = s.parent()) {
                for (Variable v : s.variables()) {
                    if (v.name() != null && seen.add(v.name())) out.add(v);
                }
                if (s.kind() != Scope.Kind.BLOCK) break; // a function or inlined call ends the frame's scopes
            }
            return out;
        }, List.of());
    }

    private CValue valueOf(Variable v, long address, FrameAccess access) {
        CType type = CType.of(v.type());
        VariableValue val = info.valueOf(v, address, access);
        switch (val.status()) {
            case OPTIMIZED_OUT:
                return CValue.missing(type, "optimized out");
            case UNAVAILABLE:
                return CValue.missing(type, val.reason());
            default:
                break;
        }
        Location loc = val.location();
        if (loc instanceof Location.Memory m) return CValue.inMemory(type, m.address());
        String storage = loc instanceof Location.Local l ? "Wasm local " + l.index()
                : loc instanceof Location.Global g ? "Wasm global " + g.index()
                : loc instanceof Location.Operand o ? "the Wasm operand stack" : null;
        return CValue.ofBytes(type, val.bytes(), storage);
    }

    // ---- C expressions ----

    /** The names and types a C expression sees in a frame (its scopes, then globals and enumerators of the program). */
    public CEnv env(SourceFrame frame, FrameAccess access) {
        return new CEnv() {
            public CValue lookup(String name) {
                for (Variable v : visible(frame)) {
                    if (name.equals(v.name())) return guarded(() -> valueOf(v, frame.address(), access));
                }
                Variable g = guarded(() -> globalsByName().get(name));
                if (g != null) return guarded(() -> valueOf(g, frame.address(), access));
                Long e = guarded(() -> enumerators().get(name));
                return e == null ? null : CValue.ofLong(CType.INT, e);
            }

            public CType type(String tag, String name) {
                DwarfType t = guarded(() -> typesByName().get(tag == null ? name : tag + " " + name));
                return t == null ? null : guarded(() -> CType.of(t));
            }

            public FrameAccess frame() {
                return access;
            }
        };
    }

    /** Like {@link #guard} for expression evaluation: unreadable DWARF is a {@link CExprException}. */
    private <T> T guarded(Supplier<T> query) {
        if (!available()) throw new CExprException(info.present() ? status() : "no debug info: " + status());
        try {
            return query.get();
        } catch (DebugInfoException e) {
            unreadable = "debug info unreadable: " + e.getMessage();
            throw new CExprException(unreadable);
        }
    }

    /** Parses a C expression, telling typedef names of this program from variables. */
    public CExpr parse(String text) {
        return CParser.parse(text, name -> available() && guard(() -> typesByName().containsKey(name) && !globalsByName().containsKey(name), false));
    }

    /** Parses and evaluates a C expression in a frame. */
    public CValue evaluate(String text, SourceFrame frame, FrameAccess access) {
        CExpr e = parse(text);
        return guarded(() -> CEvaluator.evaluate(e, env(frame, access))); // types are read as the evaluation needs them
    }

    /**
     * Checks that every name {@code e} uses is a variable or parameter somewhere in function
     * {@code functionIndex} (any of its blocks and inlined calls), a global or an enumerator, so a typo
     * in a breakpoint condition is an error when it is set rather than a condition that is never true.
     */
    public void checkNames(CExpr e, int functionIndex) {
        Set<String> names = new HashSet<>();
        collectNames(e, names);
        if (names.isEmpty()) return;
        var range = info.codeMap().functionRange(functionIndex);
        Set<String> known = guarded(() -> {
            Set<String> k = new HashSet<>();
            Scope fn = range == null ? null : info.functionAt(range.start());
            if (fn != null) addNames(fn, k, 0);
            return k;
        });
        for (String n : names) {
            if (known.contains(n)) continue;
            if (guarded(() -> globalsByName().containsKey(n) || enumerators().containsKey(n))) continue;
            throw new CExprException("no variable '" + n + "' in this function or among the globals");
        }
    }

    private static void collectNames(CExpr e, Set<String> out) {
        if (e instanceof CExpr.Name n) out.add(n.name());
        else if (e instanceof CExpr.Member m) collectNames(m.base(), out);
        else if (e instanceof CExpr.Index x) {
            collectNames(x.base(), out);
            collectNames(x.index(), out);
        } else if (e instanceof CExpr.Unary u) collectNames(u.operand(), out);
        else if (e instanceof CExpr.Binary b) {
            collectNames(b.left(), out);
            collectNames(b.right(), out);
        } else if (e instanceof CExpr.Cast c) collectNames(c.operand(), out);
    }

    private static void addNames(Scope s, Set<String> out, int depth) {
        if (depth > 64) return;
        for (Variable v : s.variables()) if (v.name() != null) out.add(v.name());
        for (Scope c : s.children()) addNames(c, out, depth + 1);
    }

    private synchronized Map<String, Variable> globalsByName() {
        if (globalsByName == null) {
            Map<String, Variable> m = new HashMap<>();
            for (CompileUnit u : info.units()) for (Variable g : info.globals(u)) if (g.name() != null) m.putIfAbsent(g.name(), g);
            globalsByName = m;
        }
        return globalsByName;
    }

    private synchronized Map<String, Long> enumerators() {
        if (enumerators == null) indexTypes();
        return enumerators;
    }

    private synchronized Map<String, DwarfType> typesByName() {
        if (typesByName == null) indexTypes();
        return typesByName;
    }

    /** Named types (typedefs, base types, tagged struct/union/enum) and enumerators at the units' top level. */
    private void indexTypes() {
        Map<String, DwarfType> types = new HashMap<>();
        Map<String, Long> enums = new HashMap<>();
        for (CompileUnit u : info.units()) {
            for (Die d : u.root().children()) {
                String n = d.string(Dw.AT_name);
                String key = switch (d.tag()) {
                    case Dw.TAG_typedef, Dw.TAG_base_type -> n;
                    case Dw.TAG_structure_type, Dw.TAG_class_type -> n == null ? null : "struct " + n;
                    case Dw.TAG_union_type -> n == null ? null : "union " + n;
                    case Dw.TAG_enumeration_type -> n == null ? null : "enum " + n;
                    default -> null;
                };
                if (d.tag() == Dw.TAG_enumeration_type) {
                    for (DwarfType.Enumerator e : DwarfType.of(d).enumerators()) if (e.name() != null) enums.putIfAbsent(e.name(), e.value());
                }
                if (key == null || d.flag(Dw.AT_declaration)) continue;
                types.putIfAbsent(key, DwarfType.of(d));
            }
        }
        typesByName = types;
        enumerators = enums;
    }

    // ---- line breakpoints ----

    /**
     * Where to stop for {@code file:line}. The file is matched against every DWARF path by the most
     * trailing path components in common ({@code corruption.c}, {@code src/corruption.c} and
     * {@code /home/me/samples/src/corruption.c} all name {@code ./src/corruption.c}); a line without
     * code moves to the next one that has some. In each function with code for the line, and in each
     * inlined copy of it there, the stop is its lowest is_stmt address, moved to the first instruction
     * at or after it (as gdb places them: one pass over the line stops once per copy).
     */
    public LineBreakpoint lineBreakpoint(String file, int line, CompiledModule code) {
        if (!available()) throw new SourceException("no source-level breakpoints: " + status());
        LineBreakpoint bp = guard(() -> findLine(file, line, code), null);
        if (bp == null && !available()) throw new SourceException(status());
        if (bp == null) throw new SourceException("no code at " + file + ":" + line + " or in the " + MAX_LINE_SHIFT + " lines after it");
        return bp;
    }

    private LineBreakpoint findLine(String file, int line, CompiledModule code) {
        String[] query = components(file);
        if (query.length == 0) throw new SourceException("no file name in '" + file + "'");
        int best = 0;
        Map<CompileUnit, List<Integer>> matches = new LinkedHashMap<>();
        String matched = null;
        for (CompileUnit u : info.units()) {
            LineTable t = u.lineTable();
            if (t == null) continue;
            for (int f = t.firstFileIndex(); f < t.firstFileIndex() + t.fileCount(); f++) {
                SourceFile sf = t.file(f);
                if (sf == null) continue;
                int score = commonSuffix(query, components(sf.path()));
                if (score == 0 || score < best) continue;
                if (score > best) {
                    best = score;
                    matches.clear();
                    matched = sf.path();
                }
                matches.computeIfAbsent(u, k -> new ArrayList<>()).add(f);
            }
        }
        if (matches.isEmpty()) throw new SourceException("no source file matches '" + file + "' in the debug info");
        CodeMap map = info.codeMap();
        for (int l = line; l <= line + MAX_LINE_SHIFT; l++) {
            // The lowest address per copy of the line: per function, and per inlined call within it.
            Map<List<Long>, Long> byCopy = new HashMap<>();
            for (var e : matches.entrySet()) {
                for (int f : e.getValue()) {
                    for (long a : e.getKey().lineTable().statementAddressesFor(f, l)) {
                        int fn = map.functionAt(a);
                        if (fn >= 0) byCopy.merge(List.of((long) fn, inlinedCallAt(a)), a, Math::min);
                    }
                }
            }
            if (byCopy.isEmpty()) continue;
            List<LineBreakpoint.Position> positions = new ArrayList<>();
            for (var e : byCopy.entrySet()) {
                int index = (int) (long) e.getKey().get(0);
                CompiledFunction fn = code.function(index);
                if (fn == null) continue;
                int pc = fn.pcForWasmOffset(map.toModuleOffset(e.getValue()));
                if (pc < 0) continue;
                positions.add(new LineBreakpoint.Position(index, fn.wasmOffset(pc)));
            }
            if (positions.isEmpty()) continue;
            positions.sort((x, y) -> Integer.compare(x.wasmOffset(), y.wasmOffset()));
            return new LineBreakpoint(matched, line, l, List.copyOf(positions));
        }
        return null;
    }

    /** The entry offset of the innermost inlined call holding {@code address}, or -1 outside any. */
    private long inlinedCallAt(long address) {
        for (Scope sc : info.scopesAt(address)) if (sc.kind() == Scope.Kind.INLINED_FUNCTION) return sc.die().offset();
        return -1;
    }

    /** Path components without "." and empty ones. */
    static String[] components(String path) {
        return Arrays.stream(path.replace('\\', '/').split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toArray(String[]::new);
    }

    /** Number of trailing components two paths share (0 unless the file names are equal). */
    static int commonSuffix(String[] a, String[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[a.length - 1 - n].equals(b[b.length - 1 - n])) n++;
        return n;
    }

    // ---- functions ----

    /**
     * The defined function whose own DWARF subprogram is named {@code name} ({@code main} for the
     * function the name section calls {@code __original_main}), or -1.
     */
    public int functionNamed(String name, CompiledModule code) {
        Map<String, Integer> byName;
        synchronized (this) {
            if (functionsByName == null) functionsByName = guard(() -> functionsByName(code), null);
            byName = functionsByName;
        }
        return byName == null ? -1 : byName.getOrDefault(name, -1);
    }

    private Map<String, Integer> functionsByName(CompiledModule code) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = module.importedFunctionCount(); i < module.functionCount(); i++) {
            CompiledFunction f = code.function(i);
            if (f == null || f.instructionCount() == 0) continue;
            // The function's own frame at its first instruction names it (inlined calls come first).
            List<SourceFrame> frames = framesOf(new CodeFrame(i, module.functionName(i), f.wasmOffset(f.instructionPc(0)), true));
            SourceFrame own = frames.get(frames.size() - 1);
            if (own.scope() != null && own.function() != null) out.putIfAbsent(own.function(), i);
        }
        return out;
    }

    /**
     * Where a breakpoint on the entry of {@code code} stops at the source level: the first instruction at
     * or after the end of its prologue, as gdb's {@code break FUNCTION} (before it, an -O0 frame's
     * variables are not yet where the DWARF says they are), or -1 if the function has no debug info.
     */
    public int entryOffset(CompiledFunction code) {
        return guard(() -> {
            CodeMap map = info.codeMap();
            var range = map.functionRange(code.index);
            if (range == null) return -1;
            Scope fn = info.functionAt(range.start());
            if (fn == null) return -1;
            int pc = code.pcForWasmOffset(map.toModuleOffset(info.entryBreakpointAddress(fn)));
            return pc < 0 ? -1 : code.wasmOffset(pc);
        }, -1);
    }

    // ---- stepping ----

    /** What line stepping needs to know about the instruction at {@code wasmOffset} of {@code code}. */
    public StepPoint stepPoint(CompiledFunction code, int wasmOffset) {
        synchronized (stepPoints) {
            StepPoint p = stepPoints.get(wasmOffset);
            if (p != null) return p;
        }
        StepPoint p = guard(() -> computeStepPoint(code, wasmOffset), StepPoint.NONE);
        synchronized (stepPoints) {
            stepPoints.put(wasmOffset, p);
        }
        return p;
    }

    private StepPoint computeStepPoint(CompiledFunction code, int wasmOffset) {
        long a = info.codeMap().toDwarf(wasmOffset);
        if (a < 0) return StepPoint.NONE;
        SourcePosition pos = info.sourceAt(a);
        if (pos == null || pos.line() == 0) return StepPoint.NONE;
        int inline = 0;
        for (Scope s : info.scopesAt(a)) if (s.kind() == Scope.Kind.INLINED_FUNCTION) inline++;
        return new StepPoint(pos, statementOffsets(code).contains(wasmOffset), inline);
    }

    /** True if line stepping can stop somewhere in the function (it has line-table rows after its prologue). */
    public boolean hasLineInfo(CompiledFunction code) {
        return guard(() -> !statementOffsets(code).isEmpty(), false);
    }

    /**
     * Offsets of the instructions where a line step may stop in a function: each is_stmt row with a
     * line, from the function's prologue end on, moved to the first instruction at or after it (the
     * engine does not stop at block and loop).
     */
    private Set<Integer> statementOffsets(CompiledFunction code) {
        synchronized (statementOffsets) {
            Set<Integer> s = statementOffsets.get(code.index);
            if (s != null) return s;
        }
        CodeMap map = info.codeMap();
        Set<Integer> out = new HashSet<>();
        var range = map.functionRange(code.index);
        if (range != null) {
            CompileUnit u = info.unitAt(range.start());
            if (u != null) {
                Scope fn = info.functionAt(range.start());
                long prologueEnd = fn == null ? range.start() : info.entryBreakpointAddress(fn);
                for (long a : statementRows(u).getOrDefault(code.index, List.of())) {
                    if (a < prologueEnd) continue;
                    int pc = code.pcForWasmOffset(map.toModuleOffset(a));
                    if (pc >= 0) out.add(code.wasmOffset(pc));
                }
            }
        }
        synchronized (statementOffsets) {
            statementOffsets.put(code.index, out);
        }
        return out;
    }

    /** The unit's is_stmt row addresses with a line, by function index. */
    private Map<Integer, List<Long>> statementRows(CompileUnit u) {
        synchronized (statementRowsByUnit) {
            Map<Integer, List<Long>> m = statementRowsByUnit.get(u.offset());
            if (m != null) return m;
        }
        Map<Integer, List<Long>> m = new HashMap<>();
        LineTable t = u.lineTable();
        if (t != null) {
            for (LineRow r : t.rows()) {
                if (r.endSequence() || !r.isStmt() || r.line() == 0) continue;
                int fn = info.codeMap().functionAt(r.address());
                if (fn >= 0) m.computeIfAbsent(fn, k -> new ArrayList<>()).add(r.address());
            }
        }
        synchronized (statementRowsByUnit) {
            statementRowsByUnit.put(u.offset(), m);
        }
        return m;
    }

    public WasmModule module() { return module; }
}
