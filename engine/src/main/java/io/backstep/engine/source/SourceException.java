package io.backstep.engine.source;

import io.backstep.engine.WasmException;

/** A source-level request that cannot be answered (no such file or line, no debug info here): one line. */
public class SourceException extends WasmException {
    public SourceException(String message) {
        super(message);
    }
}
