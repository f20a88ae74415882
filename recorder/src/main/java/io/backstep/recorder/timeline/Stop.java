package io.backstep.recorder.timeline;

/**
 * Where and why a navigation command stopped. {@code id} is the breakpoint or watchpoint id for
 * BREAKPOINT and WATCHPOINT stops, else -1.
 */
public record Stop(Reason reason, long step, int id) {
    public enum Reason {
        /** A step command completed normally. */
        STEP,
        BREAKPOINT,
        WATCHPOINT,
        /** Reached the trap at the end of the recording. */
        TRAP,
        /** Reached the end of the recording (the program finished or exited). */
        END,
        /** Reached step 0 going backward. */
        START,
        /** Interrupted by {@link Timeline#pause()}. */
        PAUSED
    }

    public static Stop step(long step) {
        return new Stop(Reason.STEP, step, -1);
    }
}
