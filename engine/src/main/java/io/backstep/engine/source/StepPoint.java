package io.backstep.engine.source;

import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;

/**
 * What source-level stepping needs to know about one instruction: its line ({@code position}, null
 * without line info), whether a line step stops there ({@code statement}: it begins an is_stmt row of
 * the line table, after the function's prologue), and how many inlined calls it sits in.
 */
public record StepPoint(SourcePosition position, boolean statement, int inlineDepth) {
    static final StepPoint NONE = new StepPoint(null, false, 0);

    /** The same source line as {@code other} (file and line; columns may differ). */
    public boolean sameLine(StepPoint other) {
        if (position == null || other.position == null) return position == other.position;
        return position.line() == other.position.line() && java.util.Objects.equals(path(), other.path());
    }

    private String path() {
        return position.file() == null ? null : position.file().path();
    }
}
