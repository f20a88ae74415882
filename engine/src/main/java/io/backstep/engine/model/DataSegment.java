package io.backstep.engine.model;

/** A data segment. For an active segment {@code memoryIndex} and {@code offset} are set; otherwise offset is null. */
public record DataSegment(SegmentMode mode, int memoryIndex, ConstExpr offset, byte[] bytes) {
}
