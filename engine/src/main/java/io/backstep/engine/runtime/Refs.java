package io.backstep.engine.runtime;

/**
 * Reference values live in the same 64-bit slots as numbers. Null is 0 so that zero-initialised
 * locals and tables hold null without extra work; a funcref is its function's store address + 1;
 * an externref is the host's non-negative value + 1.
 */
public final class Refs {
    public static final long NULL = 0;

    private Refs() {
    }

    public static long funcRef(int storeAddress) {
        return storeAddress + 1L;
    }

    /** Store address of a non-null funcref. */
    public static int functionAddress(long ref) {
        return (int) (ref - 1);
    }

    /** Wraps a non-negative host value as an externref. */
    public static long externRef(long hostValue) {
        if (hostValue < 0) throw new IllegalArgumentException("extern values must be non-negative: " + hostValue);
        return hostValue + 1;
    }

    /** The host value of a non-null externref. */
    public static long externValue(long ref) {
        return ref - 1;
    }
}
