package io.backstep.engine.debuginfo;

/** A half-open range {@code [start, end)} of DWARF code addresses (offsets in the Code section's contents). */
public record AddressRange(long start, long end) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
