package io.backstep.app.ui;

import java.util.List;
import java.util.Map;

/**
 * The source-level view of one stop, read on the timeline thread: the source frames innermost first
 * (an inlined call is a frame of its own), the variables of the innermost frame and the watch
 * expressions (read to the depth the window shows), and where each line breakpoint is.
 *
 * @param breakpointLines by breakpoint id: the source line its instruction belongs to
 * @param writtenAt       at a watchpoint stop (which is the state after the write), the line of the
 *                        instruction that wrote; else null
 */
public record SourceStop(List<Frame> frames, List<SourceVar> variables, List<SourceVar> watches, Map<Integer, Line> breakpointLines,
                         Line writtenAt) {
    /** A source frame. {@code file} is the path as DWARF names it (null without line info). */
    public record Frame(int wasmFrame, int functionIndex, String function, boolean inlined, String file, int line, int column,
                        int wasmOffset) {
        /** "corruption.c:120" (the file's last component), or null without line info. */
        public String where() {
            return file == null ? null : Line.shortName(file) + ":" + line;
        }
    }

    /** A line of a source file, the file named as DWARF names it. */
    public record Line(String file, int line) {
        /** The last component of a DWARF path. */
        public static String shortName(String file) {
            int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
            return file.substring(slash + 1);
        }

        @Override
        public String toString() {
            return shortName(file) + ":" + line;
        }
    }

    /** The innermost source frame, or null once the program has ended. */
    public Frame top() {
        return frames.isEmpty() ? null : frames.get(0);
    }
}
