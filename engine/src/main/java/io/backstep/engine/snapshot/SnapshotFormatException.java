package io.backstep.engine.snapshot;

import io.backstep.engine.WasmException;

/** A snapshot could not be read: wrong magic or version, truncated, corrupt, or taken of another module. */
public final class SnapshotFormatException extends WasmException {
    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
