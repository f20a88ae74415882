package io.backstep.engine.model;

/** An element segment. For an active segment {@code tableIndex} and {@code offset} are set; otherwise offset is null. */
public record ElementSegment(SegmentMode mode, ValType elemType, int tableIndex, ConstExpr offset, ConstExpr[] items) {
}
