package io.backstep.recorder.bundle;

import io.backstep.engine.WasmException;

/** A .bstrace bundle cannot be written or read: truncated, corrupt, of another format version, or inconsistent. */
public final class BundleException extends WasmException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
