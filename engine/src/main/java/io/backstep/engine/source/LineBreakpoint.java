package io.backstep.engine.source;

import java.util.List;

/**
 * Where a breakpoint on {@code file:requestedLine} stops: one instruction per function (and per inlined copy in it) with code for
 * {@code line} (the requested line, or the next line with code when it has none; {@link #moved()}).
 * {@code file} is the DWARF path matched.
 */
public record LineBreakpoint(String file, int requestedLine, int line, List<Position> positions) {
    /** An instruction: the function and the module byte offset of the instruction to stop at. */
    public record Position(int functionIndex, int wasmOffset) { }

    public boolean moved() {
        return line != requestedLine;
    }
}
