package io.backstep.recorder.replay.condition;

/** A condition that cannot be compiled; the message names the text, the position (1-based) and the problem. */
public final class ConditionException extends IllegalArgumentException {
    ConditionException(String text, int pos, String what) {
        super("bad condition \"" + text + "\" at " + (pos + 1) + ": " + what);
    }

    ConditionException(String message) {
        super(message);
    }
}
