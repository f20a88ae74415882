package io.backstep.engine.runtime;

import io.backstep.engine.WasmException;

/**
 * Execution trapped. The machine that ran the code keeps its state as of the trapping instruction
 * (it did not complete), so a debugger can inspect it.
 */
public final class TrapException extends WasmException {
    private final TrapKind kind;

    public TrapException(TrapKind kind) {
        super(kind.message());
        this.kind = kind;
    }

    public TrapException(TrapKind kind, String detail) {
        super(detail == null ? kind.message() : kind.message() + ": " + detail);
        this.kind = kind;
    }

    public TrapKind kind() {
        return kind;
    }
}
