package io.backstep.recorder.timeline;

/** Something worth showing on the timeline at a step. */
public record Marker(long step, Kind kind, String label) {
    public enum Kind { WASI_CALL, OUTPUT, TRAP, EXIT, END }
}
