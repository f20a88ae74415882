package io.backstep.engine.runtime;

/** What a host function sees of its caller. */
public interface HostContext {
    /** The calling instance's memory 0, or null if it has none. */
    Memory memory();

    /** The calling instance. */
    Instance instance();

    /** The machine running the call. */
    Machine machine();
}
