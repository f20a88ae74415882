package io.backstep.recorder.recording;

/** How the recorded run ended. INCOMPLETE means the journal has no END record (the recorder was killed). */
public record EndInfo(long step, Kind kind, int exitCode, String message) {
    public enum Kind { FINISHED, TRAPPED, EXITED, STOPPED, INCOMPLETE }
}
