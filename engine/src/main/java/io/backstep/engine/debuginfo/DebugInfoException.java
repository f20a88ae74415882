package io.backstep.engine.debuginfo;

import io.backstep.engine.WasmException;

/**
 * The module's DWARF is malformed, or a feature it uses is not supported. The message is one line and
 * names the section and the offset in it where the problem was found. The reader throws nothing else
 * for bad debug info: a debugger may catch this type alone and carry on without source-level views.
 */
public class DebugInfoException extends WasmException {
    public DebugInfoException(String message) {
        super(message);
    }

    static DebugInfoException at(String section, long offset, String what) {
        return new DebugInfoException(section + " at 0x" + Long.toHexString(offset) + ": " + what);
    }
}
