package io.backstep.engine.runtime;

/**
 * One call frame as a debugger sees it. Value-stack slots {@code [base, operandBase)} are the
 * frame's locals (parameters first; a v128 takes two slots) and {@code [operandBase, top)} its
 * operand stack. {@code pc} is the internal pc of the next instruction to execute in this frame
 * (for callers: the one after the call), {@code wasmOffset} its byte offset in the module.
 */
public record FrameView(WasmFunction function, int pc, int wasmOffset, int base, int operandBase, int top, boolean current) {
}
