package io.backstep.recorder.state;

import java.util.List;

/**
 * One call frame at the current step. {@code depth} 0 is the outermost frame. {@code wasmOffset} is
 * the byte offset in the module of the instruction the frame executes next (for callers: the one
 * after the call). Operands are bottom first.
 */
public record FrameInfo(int depth, int functionIndex, String functionName, int wasmOffset,
                        List<LocalVar> locals, List<Value> operands) {
}
