package io.backstep.engine.model;

/**
 * A validated constant expression (Wasm 2.0 allows exactly one constant instruction before {@code end}).
 * For numeric constants the value is in {@code lo} (i32 sign-extended, floats as raw bits) and,
 * for v128, {@code hi}. {@code index} is the function index of ref.func or the global index of global.get.
 */
public record ConstExpr(Kind kind, ValType type, long lo, long hi, int index) {
    public enum Kind {
        I32_CONST, I64_CONST, F32_CONST, F64_CONST, V128_CONST, REF_NULL, REF_FUNC, GLOBAL_GET
    }
}
