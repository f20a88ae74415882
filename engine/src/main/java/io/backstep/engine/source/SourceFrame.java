package io.backstep.engine.source;

import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;
import io.backstep.engine.debuginfo.Scope;

/**
 * A frame as the source shows it: a function (or an inlined call of one, {@code inlined}), where it
 * is ({@code position}, null without line info) and the innermost scope whose variables it shows
 * ({@code scope}, null without debug info). Several source frames can share one Wasm frame
 * ({@code wasmFrame}, its index in the list given to {@link SourceModel#frames}); {@code address} is
 * the DWARF address looked up for it.
 */
public record SourceFrame(int wasmFrame, int functionIndex, String function, SourcePosition position, boolean inlined,
                          Scope scope, long address, int wasmOffset) {
    /** "file:line" (the path as DWARF names it), or null without line info. */
    public String fileLine() {
        return position == null || position.file() == null ? null : position.file().path() + ":" + position.line();
    }
}
