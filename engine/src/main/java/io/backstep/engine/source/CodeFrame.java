package io.backstep.engine.source;

/**
 * A Wasm call frame as the engine or a replay reports it: the function and the module byte offset of
 * the instruction it executes next. {@code top} is false for callers, whose offset is the instruction
 * after their call (the source model then looks up the call itself, as debuggers do).
 */
public record CodeFrame(int functionIndex, String functionName, int wasmOffset, boolean top) {
}
