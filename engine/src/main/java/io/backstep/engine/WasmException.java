package io.backstep.engine;

/** Base of every error the engine reports on purpose. Anything else escaping the engine is a bug. */
public class WasmException extends RuntimeException {
    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
