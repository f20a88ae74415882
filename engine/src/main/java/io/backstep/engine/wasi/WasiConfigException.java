package io.backstep.engine.wasi;

import io.backstep.engine.WasmException;

/** A WASI configuration is unusable (an argument containing NUL, a preopen that is not a directory, ...). */
public final class WasiConfigException extends WasmException {
    public WasiConfigException(String message) {
        super(message);
    }

    public WasiConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
