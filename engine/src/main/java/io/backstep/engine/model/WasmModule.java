package io.backstep.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded module: the sections of the binary, as data. Index spaces (functions, tables, memories,
 * globals) put imports first, then the module's own definitions, as in the spec. The original bytes are
 * kept because function bodies and custom sections are referenced by offset into them.
 */
public final class WasmModule {
    private final byte[] bytes;
    private final FuncType[] types;
    private final Import[] imports;
    private final int[] functionTypeIndices;
    private final TableType[] tables;
    private final MemoryType[] memories;
    private final Global[] globals;
    private final Export[] exports;
    private final int startFunction;
    private final ElementSegment[] elements;
    private final DataSegment[] data;
    private final int dataCount;
    private final FunctionBody[] bodies;
    private final NameSection names;
    private final CustomSection[] customSections;

    // Index spaces resolved once: imports first, then definitions.
    private final FuncType[] functionTypes;
    private final int[] allFunctionTypeIndices;
    private final TableType[] allTables;
    private final MemoryType[] allMemories;
    private final GlobalType[] allGlobals;
    private final int importedFunctions;
    private final int importedGlobals;
    private final int importedTables;
    private final int importedMemories;

    /**
     * @param functionTypeIndices type index of each defined (non-imported) function
     * @param startFunction       function index of the start function, or -1
     * @param dataCount           value of the data count section, or -1 if absent
     */
    public WasmModule(byte[] bytes, FuncType[] types, Import[] imports, int[] functionTypeIndices,
                      TableType[] tables, MemoryType[] memories, Global[] globals, Export[] exports,
                      int startFunction, ElementSegment[] elements, DataSegment[] data, int dataCount,
                      FunctionBody[] bodies, NameSection names, CustomSection[] customSections) {
        this.bytes = bytes;
        this.types = types;
        this.imports = imports;
        this.functionTypeIndices = functionTypeIndices;
        this.tables = tables;
        this.memories = memories;
        this.globals = globals;
        this.exports = exports;
        this.startFunction = startFunction;
        this.elements = elements;
        this.data = data;
        this.dataCount = dataCount;
        this.bodies = bodies;
        this.names = names == null ? NameSection.EMPTY : names;
        this.customSections = customSections;

        List<Integer> fn = new ArrayList<>();
        List<TableType> tb = new ArrayList<>();
        List<MemoryType> mem = new ArrayList<>();
        List<GlobalType> gl = new ArrayList<>();
        for (Import im : imports) {
            switch (im.kind()) {
                case FUNCTION -> fn.add(im.typeIndex());
                case TABLE -> tb.add(im.table());
                case MEMORY -> mem.add(im.memory());
                case GLOBAL -> gl.add(im.global());
            }
        }
        importedFunctions = fn.size();
        importedTables = tb.size();
        importedMemories = mem.size();
        importedGlobals = gl.size();
        for (int t : functionTypeIndices) fn.add(t);
        tb.addAll(List.of(tables));
        mem.addAll(List.of(memories));
        for (Global g : globals) gl.add(g.type());
        allFunctionTypeIndices = fn.stream().mapToInt(Integer::intValue).toArray();
        functionTypes = new FuncType[allFunctionTypeIndices.length];
        for (int i = 0; i < functionTypes.length; i++) {
            int t = allFunctionTypeIndices[i];
            functionTypes[i] = t >= 0 && t < types.length ? types[t] : null;
        }
        allTables = tb.toArray(new TableType[0]);
        allMemories = mem.toArray(new MemoryType[0]);
        allGlobals = gl.toArray(new GlobalType[0]);
    }

    public byte[] bytes() { return bytes; }
    public FuncType[] types() { return types; }
    public Import[] imports() { return imports; }
    /** Type indices of the defined functions only (not imports). */
    public int[] definedFunctionTypeIndices() { return functionTypeIndices; }
    /** Tables defined by the module (not imports). */
    public TableType[] definedTables() { return tables; }
    /** Memories defined by the module (not imports). */
    public MemoryType[] definedMemories() { return memories; }
    /** Globals defined by the module (not imports). */
    public Global[] definedGlobals() { return globals; }
    public Export[] exports() { return exports; }
    public int startFunction() { return startFunction; }
    public ElementSegment[] elements() { return elements; }
    public DataSegment[] data() { return data; }
    public int dataCount() { return dataCount; }
    /** Bodies of the defined functions, parallel to {@link #definedFunctionTypeIndices()}. */
    public FunctionBody[] bodies() { return bodies; }
    public NameSection names() { return names; }
    public CustomSection[] customSections() { return customSections; }

    public int importedFunctionCount() { return importedFunctions; }
    public int importedTableCount() { return importedTables; }
    public int importedMemoryCount() { return importedMemories; }
    public int importedGlobalCount() { return importedGlobals; }

    /** Size of the function index space (imports + definitions). */
    public int functionCount() { return functionTypes.length; }
    public int tableCount() { return allTables.length; }
    public int memoryCount() { return allMemories.length; }
    public int globalCount() { return allGlobals.length; }

    /** Signature of a function in the function index space. */
    public FuncType functionType(int functionIndex) { return functionTypes[functionIndex]; }
    /** Type index of a function in the function index space. */
    public int functionTypeIndex(int functionIndex) { return allFunctionTypeIndices[functionIndex]; }
    public TableType tableType(int tableIndex) { return allTables[tableIndex]; }
    public MemoryType memoryType(int memoryIndex) { return allMemories[memoryIndex]; }
    public GlobalType globalType(int globalIndex) { return allGlobals[globalIndex]; }

    /** The name of a function from the name section, or null. */
    public String functionName(int functionIndex) {
        return names.functionNames().get(functionIndex);
    }
}
