package io.backstep.engine.wasi;

import io.backstep.engine.WasmException;

/**
 * The guest called {@code proc_exit}. This is a normal end of the program, not a trap: the embedder
 * catches it and reports {@link #exitCode()} as the process status.
 */
public final class WasiExitException extends WasmException {
    private final int exitCode;

    public WasiExitException(int exitCode) {
        super("guest exited with code " + exitCode);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
