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

    /**
     * The JIT tier's translations of this module's functions (a map of the runtime's), shared with other
     * loads of the same bytes; set on first use. Typed loosely as {@link CompiledFunction#jitCode} is.
     */
    public volatile Object jitTranslations;

    /** SHA-256 of the module bytes, computed once (every snapshot names its module by it). */
    private volatile byte[] sha256;

    public byte[] sha256() {
        byte[] h = sha256;
        if (h == null) {
            try {
                h = java.security.MessageDigest.getInstance("SHA-256").digest(module.bytes());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the JVM", e);
            }
            sha256 = h;
        }
        return h.clone();
    }

    /** Whether {@code hash} is this module's SHA-256 (no copy made). */
    public boolean hasSha256(byte[] hash) {
        if (sha256 == null) sha256();
        return java.util.Arrays.equals(sha256, hash);
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
