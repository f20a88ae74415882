package io.backstep.recorder.timeline;

/**
 * A code breakpoint: at {@code wasmOffset} in function {@code functionIndex}, or, with offset -1, on
 * entry to the function. {@code condition} (null for none) is an expression over locals and globals,
 * see {@link Condition}. {@code hitCount} counts hits going forward from step 0 up to the current step.
 */
public record Breakpoint(int id, int functionIndex, int wasmOffset, String condition, boolean enabled) {
    public boolean onEntry() {
        return wasmOffset < 0;
    }
}
