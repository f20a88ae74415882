package io.backstep.engine.source;

import io.backstep.engine.debuginfo.FrameAccess;

/**
 * A typed C value at one stop: in linear memory at {@link #address()} (an lvalue whose bytes are read
 * when needed), or held as {@link #bytes()} (a Wasm local, a computed value, a bit field). A value
 * DWARF gives no location for is {@link #missing()} with the reason, never a guessed value.
 */
public final class CValue {
    private final CType type;
    private final long address;       // -1 unless in memory
    private final byte[] bytes;       // the value itself when not in memory
    private final String missing;     // why there is no value ("optimized out", ...), or null
    private final String storage;     // where a non-memory value lives, for messages ("Wasm local 3"), or null

    private CValue(CType type, long address, byte[] bytes, String missing, String storage) {
        this.type = type;
        this.address = address;
        this.bytes = bytes;
        this.missing = missing;
        this.storage = storage;
    }

    /** An lvalue in linear memory. */
    public static CValue inMemory(CType type, long address) {
        return new CValue(type, address & 0xFFFFFFFFL, null, null, null);
    }

    /** A value that is not in memory (little-endian bytes of the type's size); {@code storage} says where it lives, or null for a computed value. */
    public static CValue ofBytes(CType type, byte[] bytes, String storage) {
        return new CValue(type, -1, bytes, null, storage);
    }

    /** A scalar computed by an expression. */
    public static CValue ofLong(CType type, long v) {
        int n = type.size() > 0 && type.size() <= 8 ? (int) type.size() : 8;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return new CValue(type, -1, b, null, null);
    }

    public static CValue ofDouble(CType type, double v) {
        return type.size() == 4 ? ofLong(type, Float.floatToRawIntBits((float) v) & 0xFFFFFFFFL) : ofLong(type, Double.doubleToRawLongBits(v));
    }

    /** No value: {@code why} is "optimized out" or why it cannot be read. */
    public static CValue missing(CType type, String why) {
        return new CValue(type, -1, null, why, null);
    }

    public CType type() { return type; }
    /** Address in linear memory, or -1 when the value is not in memory. */
    public long address() { return address; }
    public boolean inMemory() { return address >= 0; }
    /** Why there is no value, or null when there is one. */
    public String missing() { return missing; }
    public boolean available() { return missing == null; }
    /** Where a value outside memory lives ("Wasm local 2"), or null. */
    public String storage() { return storage; }

    /** The same storage seen as another type (a cast of an lvalue, a member at offset 0...). */
    public CValue as(CType t) {
        return new CValue(t, address, bytes, missing, storage);
    }

    /**
     * The value's bytes (the type's size), read from memory if needed; null if missing, of unknown
     * size, or out of bounds.
     */
    public byte[] bytes(FrameAccess frame) {
        if (missing != null) return null;
        if (bytes != null) return bytes;
        long n = type.size();
        if (n < 0 || n > (1 << 24)) return null;
        byte[] b = new byte[(int) n];
        return frame.readMemory(address, b) ? b : null;
    }

    /** Little-endian bytes as a number, sign-extended for signed types; throws if the value is missing. */
    public long asLong(FrameAccess frame) {
        byte[] b = bytes(frame);
        if (b == null) throw new CExprException(missing != null ? missing : "memory at 0x" + Long.toHexString(address) + " cannot be read");
        long v = 0;
        int n = Math.min(8, b.length);
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        if (type.isSigned() && type.kind() != CType.Kind.FLOAT && n > 0 && n < 8) v = v << (64 - 8 * n) >> (64 - 8 * n);
        return v;
    }

    /** A floating value as a double (floats widened), or an integer converted. */
    public double asDouble(FrameAccess frame) {
        long v = asLong(frame);
        if (type.kind() == CType.Kind.FLOAT) return type.size() == 4 ? Float.intBitsToFloat((int) v) : Double.longBitsToDouble(v);
        if (!type.isSigned() && type.size() == 8 && v < 0) return (double) (v >>> 1) * 2.0 + (v & 1);
        return v;
    }

    @Override
    public String toString() {
        return type.name() + (inMemory() ? " @0x" + Long.toHexString(address) : "") + (missing != null ? " (" + missing + ")" : "");
    }
}
