package io.backstep.engine.runtime;

/**
 * The Java side of a host function. Arguments and results are in value-stack slot form (a v128 takes
 * two slots, low half first; see {@link Refs} for references). Throwing a {@link TrapException} traps
 * the guest; any other exception ends the run and propagates to the embedder unchanged.
 */
@FunctionalInterface
public interface HostCallback {
    long[] call(HostContext context, long[] args);
}
