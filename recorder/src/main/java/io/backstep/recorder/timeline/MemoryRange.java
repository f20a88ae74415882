package io.backstep.recorder.timeline;

/** Bytes [address, address + length) of linear memory. */
public record MemoryRange(long address, int length) {
    public MemoryRange {
        if (address < 0 || length < 1) throw new IllegalArgumentException("bad memory range " + address + ":" + length);
    }
}
