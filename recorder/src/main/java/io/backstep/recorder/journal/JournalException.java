package io.backstep.recorder.journal;

import io.backstep.engine.WasmException;

/** A recording cannot be written or read: missing, truncated, corrupt, or of an unknown format. */
public class JournalException extends WasmException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
