package io.backstep.engine.jit;

import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.RawMemory;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;

/**
 * Static helpers that translated code ({@link JitCode}) calls for the work of one memory instruction
 * (numeric ones call the runtime's {@code Semantics}, as the interpreter does). Each does exactly what the same
 * instruction does in {@link io.backstep.engine.runtime.Machine}'s dispatch loop, on values in slot form; they are small so that
 * HotSpot inlines them into the translated method. Those that can trap throw before they change
 * anything, as the interpreter does.
 */
public final class JitSupport {
    private JitSupport() {
    }

    /** The memory translated code accesses: memory 0, or a stand-in on which every access traps. */
    public static Memory memory(Instance inst) {
        Memory m = inst.memory();
        return m == null ? Memory.NONE : m;
    }

    public static TrapException unreachable() {
        return new TrapException(TrapKind.UNREACHABLE);
    }

    private static TrapException oob() {
        return new TrapException(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    /** The effective address of an access of {@code width} bytes, or the trap if it is past {@code size}. */
    private static long address(long size, long base, int offset, int width) {
        long ea = (base & 0xFFFFFFFFL) + (offset & 0xFFFFFFFFL);
        if (ea + width > size) throw oob();
        return ea;
    }

    /** Marks the dirty chunks of a store of {@code width} bytes at {@code ea} (it spans one chunk or two). */
    private static void written(byte[] db, long ea, int width) {
        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
        db[(int) ((ea + width - 1) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
    }

    // ---- loads: (memory, its size, address operand, static offset) -> slot value -------------------------

    public static long loadI32(long[] mb, long ms, long base, int offset) { return RawMemory.i32(mb, address(ms, base, offset, 4)); }
    public static long loadU32(long[] mb, long ms, long base, int offset) { return RawMemory.i32(mb, address(ms, base, offset, 4)) & 0xFFFFFFFFL; }
    public static long loadI64(long[] mb, long ms, long base, int offset) { return RawMemory.i64(mb, address(ms, base, offset, 8)); }
    public static long loadS8(long[] mb, long ms, long base, int offset) { return RawMemory.i8(mb, address(ms, base, offset, 1)); }
    public static long loadU8(long[] mb, long ms, long base, int offset) { return RawMemory.i8(mb, address(ms, base, offset, 1)) & 0xFF; }
    public static long loadS16(long[] mb, long ms, long base, int offset) { return RawMemory.i16(mb, address(ms, base, offset, 2)); }
    public static long loadU16(long[] mb, long ms, long base, int offset) { return RawMemory.i16(mb, address(ms, base, offset, 2)) & 0xFFFF; }

    // ---- stores: also mark the written dirty chunks, as the interpreter does ---------------------

    public static void store32(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 4);
        RawMemory.setI32(mb, ea, (int) value);
        written(db, ea, 4);
    }

    public static void store64(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 8);
        RawMemory.setI64(mb, ea, value);
        written(db, ea, 8);
    }

    public static void store8(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 1);
        RawMemory.setI8(mb, ea, (byte) value);
        written(db, ea, 1);
    }

    public static void store16(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 2);
        RawMemory.setI16(mb, ea, (short) value);
        written(db, ea, 2);
    }
}
