package io.backstep.engine;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.validate.FunctionCompiler;
import io.backstep.engine.validate.ModuleValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point for loading modules: decode, validate, and lower every function to internal code. */
public final class Wasm {
    private Wasm() {
    }

    /**
     * Decodes and validates {@code bytes}. Throws {@link io.backstep.engine.decode.MalformedModuleException}
     * or {@link io.backstep.engine.validate.InvalidModuleException} (both {@link ModuleException}) naming the
     * byte offset and the reason; no other exception escapes for any input.
     */
    public static CompiledModule load(byte[] bytes) {
        WasmModule module = ModuleDecoder.decode(bytes);
        ModuleValidator.validate(module);
        FunctionCompiler compiler = new FunctionCompiler(module);
        CompiledFunction[] functions = new CompiledFunction[module.bodies().length];
        for (int i = 0; i < functions.length; i++) {
            functions[i] = compiler.compile(i);
        }
        return new CompiledModule(module, functions);
    }

    public static CompiledModule load(Path file) throws IOException {
        return load(Files.readAllBytes(file));
    }
}
