package io.backstep.recorder.timeline;

public enum Direction {
    FORWARD, BACKWARD
}
