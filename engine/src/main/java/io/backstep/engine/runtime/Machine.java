package io.backstep.engine.runtime;

/**
 * Executes Wasm code with fully explicit state. (Stub: being written.)
 */
public final class Machine {
    private final Store store;

    public Machine(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** Runs {@code function} to completion and returns its results in slot form. Throws {@link TrapException}. */
    public long[] invoke(FunctionInstance function, long... args) {
        throw new UnsupportedOperationException("not yet written");
    }
}
