package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.ConstExpr;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.GlobalType;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.SegmentMode;
import io.backstep.engine.model.WasmModule;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves imports by (module, name) and instantiates modules: allocation, import matching,
 * global initialisation, active element and data segments, then the start function. Everything it
 * instantiates shares one {@link Store}.
 */
public final class Linker {
    private final Store store = new Store();
    private final Map<String, Map<String, Object>> definitions = new HashMap<>();
    private HostMemory hostMemory = HostMemory.standard();

    public Store store() {
        return store;
    }

    /** Where the memories of modules instantiated from now on get their bytes (default: {@link HostMemory#standard()}). */
    public Linker hostMemory(HostMemory host) {
        this.hostMemory = host;
        return this;
    }

    /** Makes {@code value} (a {@link FunctionInstance}, {@link Table}, {@link Memory} or {@link Global}) importable as module.name. */
    public Linker define(String module, String name, Object value) {
        if (!(value instanceof FunctionInstance || value instanceof Table || value instanceof Memory || value instanceof Global)) {
            throw new IllegalArgumentException("not an extern value: " + value);
        }
        if (value instanceof FunctionInstance f) store.register(f);
        definitions.computeIfAbsent(module, k -> new HashMap<>()).put(name, value);
        return this;
    }

    public Linker defineHost(String module, String name, FuncType type, HostCallback callback) {
        return define(module, name, new HostFunction(module, name, type, callback));
    }

    /** Makes every export of {@code instance} importable under {@code moduleName}. */
    public Linker register(String moduleName, Instance instance) {
        instance.exports().forEach((name, value) -> define(moduleName, name, value));
        return this;
    }

    /** Instantiates and runs the start function (if any) on a fresh machine. */
    public Instance instantiate(CompiledModule compiled) {
        return instantiate(compiled, new Machine(store));
    }

    /**
     * Instantiates {@code compiled}. Throws {@link LinkException} for an unresolvable import (nothing is
     * changed then), {@link TrapException} if a segment is out of bounds or the start function traps
     * (segments already written to imported tables or memories stay written, as the spec says).
     */
    public Instance instantiate(CompiledModule compiled, Machine machine) {
        WasmModule m = compiled.module();
        FunctionInstance[] functions = new FunctionInstance[m.functionCount()];
        Table[] tables = new Table[m.tableCount()];
        Memory[] memories = new Memory[m.memoryCount()];
        Global[] globals = new Global[m.globalCount()];
        int fi = 0, ti = 0, mi = 0, gi = 0;
        for (Import im : m.imports()) {
            Object v = resolve(im);
            switch (im.kind()) {
                case FUNCTION -> {
                    FunctionInstance f = (FunctionInstance) v;
                    if (!f.type().equals(m.types()[im.typeIndex()])) throw incompatible(im);
                    functions[fi++] = f;
                }
                case TABLE -> {
                    Table t = (Table) v;
                    if (t.elemType() != im.table().elemType() || !t.currentType().limits().matches(im.table().limits())) {
                        throw incompatible(im);
                    }
                    tables[ti++] = t;
                }
                case MEMORY -> {
                    Memory mem = (Memory) v;
                    if (!mem.currentType().limits().matches(im.memory().limits())) throw incompatible(im);
                    memories[mi++] = mem;
                }
                case GLOBAL -> {
                    Global g = (Global) v;
                    if (!g.type().equals(im.global())) throw incompatible(im);
                    globals[gi++] = g;
                }
            }
        }
        for (var t : m.definedTables()) tables[ti++] = new Table(t);
        for (var mt : m.definedMemories()) memories[mi++] = new Memory(mt, hostMemory);
        Instance inst = new Instance(compiled, store, functions, tables, memories, globals);
        for (CompiledFunction code : compiled.functions()) {
            WasmFunction f = new WasmFunction(inst, code);
            store.register(f);
            functions[fi++] = f;
        }
        // Globals may refer to imported globals and to functions (ref.func), both known by now.
        for (var g : m.definedGlobals()) {
            GlobalType type = g.type();
            long[] v = evaluate(g.init(), inst);
            globals[gi++] = new Global(type, v[0], v[1]);
        }
        for (Export e : m.exports()) {
            Object value = switch (e.kind()) {
                case FUNCTION -> functions[e.index()];
                case TABLE -> tables[e.index()];
                case MEMORY -> memories[e.index()];
                case GLOBAL -> globals[e.index()];
            };
            inst.addExport(e.name(), value);
        }
        initialiseSegments(inst);
        if (m.startFunction() >= 0) {
            machine.invoke(functions[m.startFunction()]);
        }
        return inst;
    }

    private void initialiseSegments(Instance inst) {
        WasmModule m = inst.module.module();
        ElementSegment[] elems = m.elements();
        for (int i = 0; i < elems.length; i++) {
            ElementSegment seg = elems[i];
            if (seg.mode() == SegmentMode.ACTIVE) {
                long offset = evaluate(seg.offset(), inst)[0] & 0xFFFFFFFFL;
                Segments.tableInit(inst, seg.tableIndex(), i, offset, 0, seg.items().length);
            }
            if (seg.mode() != SegmentMode.PASSIVE) inst.droppedElements[i] = true;
        }
        DataSegment[] data = m.data();
        for (int i = 0; i < data.length; i++) {
            DataSegment seg = data[i];
            if (seg.mode() == SegmentMode.ACTIVE) {
                long offset = evaluate(seg.offset(), inst)[0] & 0xFFFFFFFFL;
                Segments.memoryInit(inst, i, offset, 0, seg.bytes().length);
                inst.droppedData[i] = true;
            }
        }
    }

    /** Value of a constant expression in the context of {@code inst}: {lo, hi}. */
    static long[] evaluate(ConstExpr e, Instance inst) {
        return switch (e.kind()) {
            case I32_CONST, I64_CONST, F32_CONST, F64_CONST -> new long[] {e.lo(), 0};
            case V128_CONST -> new long[] {e.lo(), e.hi()};
            case REF_NULL -> new long[] {Refs.NULL, 0};
            case REF_FUNC -> new long[] {Refs.funcRef(inst.functions[e.index()].address), 0};
            case GLOBAL_GET -> {
                Global g = inst.globals[e.index()];
                yield new long[] {g.lo, g.hi};
            }
        };
    }

    private Object resolve(Import im) {
        Map<String, Object> mod = definitions.get(im.module());
        Object v = mod == null ? null : mod.get(im.name());
        if (v == null) throw new LinkException("unknown import: " + im.module() + "." + im.name());
        boolean kindOk = switch (im.kind()) {
            case FUNCTION -> v instanceof FunctionInstance;
            case TABLE -> v instanceof Table;
            case MEMORY -> v instanceof Memory;
            case GLOBAL -> v instanceof Global;
        };
        if (!kindOk) throw incompatible(im);
        return v;
    }

    private static LinkException incompatible(Import im) {
        return new LinkException("incompatible import type: " + im.module() + "." + im.name());
    }
}
