package io.backstep.engine.validate;

import io.backstep.engine.model.WasmModule;
import java.util.BitSet;

/** Module-level validation (everything except function bodies). (Stub: being written.) */
public final class ModuleValidator {
    private ModuleValidator() {
    }

    public static void validate(WasmModule module) {
        throw new UnsupportedOperationException("not yet written");
    }

    /**
     * Function indices that may be used by ref.func inside function bodies (the spec's C.refs): those
     * named by ref.func in global initialisers, in element segment items, or by a function export.
     */
    public static BitSet declaredFunctionReferences(WasmModule module) {
        throw new UnsupportedOperationException("not yet written");
    }
}
