package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.ExternKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module instance: its functions, tables, memory and globals (imported ones are shared objects),
 * plus which passive segments were dropped. Create instances with {@link Linker#instantiate}.
 */
public final class Instance {
    final CompiledModule module;
    final Store store;
    final FunctionInstance[] functions;
    final Table[] tables;
    final Memory[] memories;
    final Global[] globals;
    /** Dropped element and data segments (state a snapshot must carry). */
    final boolean[] droppedElements;
    final boolean[] droppedData;
    private final Map<String, Object> exports = new LinkedHashMap<>();

    Instance(CompiledModule module, Store store, FunctionInstance[] functions, Table[] tables, Memory[] memories, Global[] globals) {
        this.module = module;
        this.store = store;
        this.functions = functions;
        this.tables = tables;
        this.memories = memories;
        this.globals = globals;
        this.droppedElements = new boolean[module.module().elements().length];
        this.droppedData = new boolean[module.module().data().length];
    }

    void addExport(String name, Object value) {
        exports.put(name, value);
    }

    public CompiledModule module() {
        return module;
    }

    public Store store() {
        return store;
    }

    /** All exports by name: values are {@link FunctionInstance}, {@link Table}, {@link Memory} or {@link Global}. */
    public Map<String, Object> exports() {
        return Collections.unmodifiableMap(exports);
    }

    public Object export(String name) {
        return exports.get(name);
    }

    public FunctionInstance exportedFunction(String name) {
        return typed(name, FunctionInstance.class, ExternKind.FUNCTION);
    }

    public Global exportedGlobal(String name) {
        return typed(name, Global.class, ExternKind.GLOBAL);
    }

    public Memory exportedMemory(String name) {
        return typed(name, Memory.class, ExternKind.MEMORY);
    }

    public Table exportedTable(String name) {
        return typed(name, Table.class, ExternKind.TABLE);
    }

    private <T> T typed(String name, Class<T> type, ExternKind kind) {
        Object v = exports.get(name);
        if (!type.isInstance(v)) throw new LinkException("no " + kind.name().toLowerCase() + " export named \"" + name + "\"");
        return type.cast(v);
    }

    public FunctionInstance function(int index) {
        return functions[index];
    }

    public int functionCount() {
        return functions.length;
    }

    public Table table(int index) {
        return tables[index];
    }

    public int tableCount() {
        return tables.length;
    }

    public Global global(int index) {
        return globals[index];
    }

    public int globalCount() {
        return globals.length;
    }

    /** Memory 0, or null if the instance has none. */
    public Memory memory() {
        return memories.length == 0 ? null : memories[0];
    }

    public boolean isElementDropped(int segment) {
        return droppedElements[segment];
    }

    public boolean isDataDropped(int segment) {
        return droppedData[segment];
    }

    /** Sets dropped-segment state (snapshot restore). */
    public void restoreDropped(boolean[] elements, boolean[] data) {
        if (elements.length != droppedElements.length || data.length != droppedData.length) {
            throw new IllegalArgumentException("segment counts do not match the module");
        }
        System.arraycopy(elements, 0, droppedElements, 0, elements.length);
        System.arraycopy(data, 0, droppedData, 0, data.length);
    }

    /** Index of {@code f} in this instance's function index space, or -1. */
    public int indexOf(FunctionInstance f) {
        for (int i = 0; i < functions.length; i++) if (functions[i] == f) return i;
        return -1;
    }

    /** Convenience: runs an exported function to completion on a fresh {@link Machine}. */
    public long[] invoke(String exportName, long... args) {
        return new Machine(store).invoke(exportedFunction(exportName), args);
    }
}
