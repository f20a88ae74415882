package io.backstep.engine.code;

import io.backstep.engine.model.WasmModule;

/** A decoded, validated module with every defined function lowered to internal code. Immutable; instantiate it any number of times. */
public final class CompiledModule {
    private final WasmModule module;
    private final CompiledFunction[] functions;

    public CompiledModule(WasmModule module, CompiledFunction[] functions) {
        this.module = module;
        this.functions = functions;
    }

    public WasmModule module() {
        return module;
    }

    /** Compiled code of the defined functions (index 0 is the first non-imported function). */
    public CompiledFunction[] functions() {
        return functions;
    }

    /** Compiled code for a function index, or null for an imported function. */
    public CompiledFunction function(int functionIndex) {
        int i = functionIndex - module.importedFunctionCount();
        return i >= 0 && i < functions.length ? functions[i] : null;
    }
}
