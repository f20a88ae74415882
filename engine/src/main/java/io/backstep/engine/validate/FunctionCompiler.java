package io.backstep.engine.validate;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.WasmModule;

/** Validates function bodies and lowers them to internal code. (Stub: being written.) */
public final class FunctionCompiler {
    private final WasmModule module;

    public FunctionCompiler(WasmModule module) {
        this.module = module;
    }

    /** Validates and compiles defined function {@code definedIndex} (0 = first non-imported function). */
    public CompiledFunction compile(int definedIndex) {
        throw new UnsupportedOperationException("not yet written");
    }
}
