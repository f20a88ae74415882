package io.backstep.engine.wasi;

import io.backstep.engine.WasmException;

/**
 * During replay the guest made a WASI call that does not match the next recorded event (another
 * function, other arguments, or no event left). Replay cannot continue faithfully past this point.
 */
public final class ReplayDivergenceException extends WasmException {
    private final int eventIndex;

    public ReplayDivergenceException(int eventIndex, String message) {
        super("replay diverged at WASI event #" + eventIndex + ": " + message);
        this.eventIndex = eventIndex;
    }

    /** Index (0-based, in call order) of the event the call was checked against. */
    public int eventIndex() {
        return eventIndex;
    }
}
