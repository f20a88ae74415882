package io.backstep.recorder.recording;

/**
 * How the recorded run ended. STOPPED: at a step budget or a window's end (the program could go on);
 * INTERRUPTED: the user stopped the recording (a signal, Cancel), the message says how and where;
 * INCOMPLETE: the journal has no END record (the recorder was killed).
 */
public record EndInfo(long step, Kind kind, int exitCode, String message) {
    /** Ordinals are part of the journal format: append only. */
    public enum Kind { FINISHED, TRAPPED, EXITED, STOPPED, INCOMPLETE, INTERRUPTED }
}
