package io.backstep.recorder.timeline;

/** Stops when a memory range [address, address + length) or a global is written (in either direction). */
public record Watchpoint(int id, Kind kind, long address, int length, int globalIndex, boolean enabled) {
    public enum Kind { MEMORY, GLOBAL }

    public static Watchpoint memory(int id, long address, int length) {
        return new Watchpoint(id, Kind.MEMORY, address, length, -1, true);
    }

    public static Watchpoint global(int id, int globalIndex) {
        return new Watchpoint(id, Kind.GLOBAL, 0, 0, globalIndex, true);
    }
}
