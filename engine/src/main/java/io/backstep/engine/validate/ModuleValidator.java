package io.backstep.engine.validate;

import io.backstep.engine.model.ConstExpr;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.ExternKind;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.Global;
import io.backstep.engine.model.GlobalType;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.model.SegmentMode;
import io.backstep.engine.model.TableType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Module-level validation (everything except function bodies), following the Wasm 2.0 validation rules.
 * Errors carry the test suite's wording. Offsets are not tracked per entity in the model, so they are 0.
 */
public final class ModuleValidator {
    /** Tables are limited by their u32 index space only. */
    private static final long MAX_TABLE_SIZE = 0xFFFF_FFFFL;

    private final WasmModule m;

    private ModuleValidator(WasmModule m) {
        this.m = m;
    }

    public static void validate(WasmModule module) {
        new ModuleValidator(module).run();
    }

    /**
     * Function indices that may be used by ref.func inside function bodies (the spec's C.refs): those
     * named by ref.func in global initialisers, in element segment items, or by a function export.
     */
    public static BitSet declaredFunctionReferences(WasmModule module) {
        BitSet refs = new BitSet();
        for (Global g : module.definedGlobals()) addRef(refs, g.init());
        for (ElementSegment e : module.elements()) {
            addRef(refs, e.offset());
            for (ConstExpr item : e.items()) addRef(refs, item);
        }
        for (DataSegment d : module.data()) addRef(refs, d.offset());
        for (Export e : module.exports()) {
            if (e.kind() == ExternKind.FUNCTION && e.index() >= 0) refs.set(e.index());
        }
        return refs;
    }

    private static void addRef(BitSet refs, ConstExpr e) {
        if (e != null && e.kind() == ConstExpr.Kind.REF_FUNC && e.index() >= 0) refs.set(e.index());
    }

    private static InvalidModuleException invalid(String reason) {
        return new InvalidModuleException(0, reason);
    }

    private void run() {
        for (Import im : m.imports()) {
            switch (im.kind()) {
                case FUNCTION -> typeIndex(im.typeIndex());
                case TABLE -> tableType(im.table());
                case MEMORY -> memoryType(im.memory());
                case GLOBAL -> { }
            }
        }
        for (int t : m.definedFunctionTypeIndices()) typeIndex(t);
        if (m.bodies().length != m.definedFunctionTypeIndices().length) {
            // The decoder guarantees this; a hand-built model might not.
            throw invalid("function and code section have inconsistent lengths");
        }
        for (TableType t : m.definedTables()) tableType(t);
        for (MemoryType t : m.definedMemories()) memoryType(t);
        if (m.memoryCount() > 1) throw invalid("multiple memories");

        for (Global g : m.definedGlobals()) constExpr(g.init(), g.type().type());

        for (ElementSegment e : m.elements()) {
            for (ConstExpr item : e.items()) constExpr(item, e.elemType());
            if (e.mode() == SegmentMode.ACTIVE) {
                if (e.tableIndex() < 0 || e.tableIndex() >= m.tableCount()) throw invalid("unknown table " + e.tableIndex());
                constExpr(e.offset(), ValType.I32);
                if (m.tableType(e.tableIndex()).elemType() != e.elemType()) throw invalid("type mismatch");
            }
        }

        for (DataSegment d : m.data()) {
            if (d.mode() == SegmentMode.ACTIVE) {
                if (d.memoryIndex() < 0 || d.memoryIndex() >= m.memoryCount()) throw invalid("unknown memory " + d.memoryIndex());
                constExpr(d.offset(), ValType.I32);
            }
        }

        int start = m.startFunction();
        if (start >= 0) {
            function(start);
            FuncType t = m.functionType(start);
            if (t.paramCount() != 0 || t.resultCount() != 0) throw invalid("start function");
        }

        Set<String> names = new HashSet<>();
        for (Export e : m.exports()) {
            switch (e.kind()) {
                case FUNCTION -> function(e.index());
                case TABLE -> {
                    if (e.index() < 0 || e.index() >= m.tableCount()) throw invalid("unknown table " + e.index());
                }
                case MEMORY -> {
                    if (e.index() < 0 || e.index() >= m.memoryCount()) throw invalid("unknown memory " + e.index());
                }
                case GLOBAL -> {
                    if (e.index() < 0 || e.index() >= m.globalCount()) throw invalid("unknown global " + e.index());
                }
            }
            if (!names.add(e.name())) throw invalid("duplicate export name");
        }
    }

    private void typeIndex(int t) {
        if (t < 0 || t >= m.types().length) throw invalid("unknown type");
    }

    private void function(int f) {
        if (f < 0 || f >= m.functionCount() || m.functionType(f) == null) throw invalid("unknown function " + f);
    }

    private void tableType(TableType t) {
        limits(t.limits(), MAX_TABLE_SIZE, "table size must be at most 2^32-1");
    }

    private void memoryType(MemoryType t) {
        limits(t.limits(), MemoryType.MAX_PAGES, "memory size must be at most 65536 pages (4GiB)");
    }

    private static void limits(Limits l, long bound, String tooLarge) {
        if (l.min() > bound) throw invalid(tooLarge);
        if (l.hasMax()) {
            if (l.max() > bound) throw invalid(tooLarge);
            if (l.min() > l.max()) throw invalid("size minimum must not be greater than maximum");
        }
    }

    /**
     * Checks a constant expression against its expected type. In Wasm 2.0 global.get may only read
     * imported, immutable globals; ref.func may name any function.
     */
    private void constExpr(ConstExpr e, ValType expected) {
        if (e == null || e.kind() == null) throw invalid("type mismatch");
        ValType actual;
        switch (e.kind()) {
            case GLOBAL_GET -> {
                int g = e.index();
                if (g < 0 || g >= m.importedGlobalCount()) throw invalid("unknown global " + g);
                GlobalType gt = m.globalType(g);
                if (gt.mutable()) throw invalid("constant expression required");
                actual = gt.type();
            }
            case REF_FUNC -> {
                function(e.index());
                actual = ValType.FUNCREF;
            }
            case REF_NULL -> actual = e.type();
            case I32_CONST -> actual = ValType.I32;
            case I64_CONST -> actual = ValType.I64;
            case F32_CONST -> actual = ValType.F32;
            case F64_CONST -> actual = ValType.F64;
            case V128_CONST -> actual = ValType.V128;
            default -> throw invalid("constant expression required");
        }
        if (actual != expected) throw invalid("type mismatch");
    }
}
