package io.backstep.engine.debuginfo;

/**
 * A variable's value at one point: its bytes (little-endian, the type's size) where they can be read,
 * or why not. OPTIMIZED_OUT means the debug info gives no location here; UNAVAILABLE that it does but
 * the value cannot be read (memory out of bounds, the caller's entry value...). Never a guessed value.
 */
public record VariableValue(Status status, Location location, byte[] bytes, String reason) {
    public enum Status { AVAILABLE, OPTIMIZED_OUT, UNAVAILABLE }

    static VariableValue optimizedOut(String why) {
        return new VariableValue(Status.OPTIMIZED_OUT, new Location.OptimizedOut(), null, why);
    }

    static VariableValue unavailable(Location l, String why) {
        return new VariableValue(Status.UNAVAILABLE, l, null, why);
    }

    public boolean available() { return status == Status.AVAILABLE; }

    /** The bytes as an unsigned little-endian number (at most 8 bytes). */
    public long asLong() {
        if (bytes == null) throw new DebugInfoException("no value: " + reason);
        return DwarfExpression.littleEndian(bytes);
    }

    /** The bytes as a signed number of their size. */
    public long asSigned() {
        long v = asLong();
        int n = Math.min(bytes.length, 8);
        return n == 8 || n == 0 ? v : v << (64 - 8 * n) >> (64 - 8 * n);
    }
}
