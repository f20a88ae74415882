package io.backstep.engine.model;

public enum SegmentMode {
    ACTIVE, PASSIVE, DECLARATIVE
}
