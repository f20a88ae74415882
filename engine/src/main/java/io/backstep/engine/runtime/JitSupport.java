package io.backstep.engine.runtime;

/**
 * Static helpers that translated code ({@link JitCode}) calls for the work of one instruction. Each
 * does exactly what the same instruction does in {@link Machine}'s dispatch loop, on values in slot
 * form; they are small so that HotSpot inlines them into the translated method. Those that can trap
 * throw before they change anything, as the interpreter does.
 */
final class JitSupport {
    private JitSupport() {
    }

    private static Memory memory(Instance inst) {
        return inst.memories.length == 0 ? Memory.NONE : inst.memories[0];
    }

    static long[] words(Instance inst) {
        return memory(inst).words;
    }

    static byte[] dirty(Instance inst) {
        return memory(inst).dirty;
    }

    /** The memory's size in bytes: what accesses are checked against (the array may be larger). */
    static long size(Instance inst) {
        return memory(inst).size;
    }

    static TrapException unreachable() {
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

    static long loadI32(long[] mb, long ms, long base, int offset) { return RawMemory.i32(mb, address(ms, base, offset, 4)); }
    static long loadU32(long[] mb, long ms, long base, int offset) { return RawMemory.i32(mb, address(ms, base, offset, 4)) & 0xFFFFFFFFL; }
    static long loadI64(long[] mb, long ms, long base, int offset) { return RawMemory.i64(mb, address(ms, base, offset, 8)); }
    static long loadS8(long[] mb, long ms, long base, int offset) { return RawMemory.i8(mb, address(ms, base, offset, 1)); }
    static long loadU8(long[] mb, long ms, long base, int offset) { return RawMemory.i8(mb, address(ms, base, offset, 1)) & 0xFF; }
    static long loadS16(long[] mb, long ms, long base, int offset) { return RawMemory.i16(mb, address(ms, base, offset, 2)); }
    static long loadU16(long[] mb, long ms, long base, int offset) { return RawMemory.i16(mb, address(ms, base, offset, 2)) & 0xFFFF; }

    // ---- stores: also mark the written dirty chunks, as the interpreter does ---------------------

    static void store32(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 4);
        RawMemory.setI32(mb, ea, (int) value);
        written(db, ea, 4);
    }

    static void store64(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 8);
        RawMemory.setI64(mb, ea, value);
        written(db, ea, 8);
    }

    static void store8(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 1);
        RawMemory.setI8(mb, ea, (byte) value);
        written(db, ea, 1);
    }

    static void store16(long[] mb, byte[] db, long ms, long base, int offset, long value) {
        long ea = address(ms, base, offset, 2);
        RawMemory.setI16(mb, ea, (short) value);
        written(db, ea, 2);
    }

    // ---- i32 (operands are slots; the result is the slot form of an i32: sign-extended) ---------

    static long i32Eqz(long a) { return (int) a == 0 ? 1 : 0; }
    static long i32Eq(long a, long b) { return (int) a == (int) b ? 1 : 0; }
    static long i32Ne(long a, long b) { return (int) a != (int) b ? 1 : 0; }
    static long i32LtS(long a, long b) { return (int) a < (int) b ? 1 : 0; }
    static long i32LtU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) < 0 ? 1 : 0; }
    static long i32GtS(long a, long b) { return (int) a > (int) b ? 1 : 0; }
    static long i32GtU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) > 0 ? 1 : 0; }
    static long i32LeS(long a, long b) { return (int) a <= (int) b ? 1 : 0; }
    static long i32LeU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) <= 0 ? 1 : 0; }
    static long i32GeS(long a, long b) { return (int) a >= (int) b ? 1 : 0; }
    static long i32GeU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) >= 0 ? 1 : 0; }
    static long i32Clz(long a) { return Integer.numberOfLeadingZeros((int) a); }
    static long i32Ctz(long a) { return Integer.numberOfTrailingZeros((int) a); }
    static long i32Popcnt(long a) { return Integer.bitCount((int) a); }
    static long i32Add(long a, long b) { return (int) a + (int) b; }
    static long i32Sub(long a, long b) { return (int) a - (int) b; }
    static long i32Mul(long a, long b) { return (int) a * (int) b; }
    static long i32DivS(long a, long b) { return Ops.i32DivS((int) a, (int) b); }
    static long i32DivU(long a, long b) { return Ops.i32DivU((int) a, (int) b); }
    static long i32RemS(long a, long b) { return Ops.i32RemS((int) a, (int) b); }
    static long i32RemU(long a, long b) { return Ops.i32RemU((int) a, (int) b); }
    static long i32And(long a, long b) { return (int) a & (int) b; }
    static long i32Or(long a, long b) { return (int) a | (int) b; }
    static long i32Xor(long a, long b) { return (int) a ^ (int) b; }
    static long i32Shl(long a, long b) { return (int) a << (int) b; }
    static long i32ShrS(long a, long b) { return (int) a >> (int) b; }
    static long i32ShrU(long a, long b) { return (int) a >>> (int) b; }
    static long i32Rotl(long a, long b) { return Integer.rotateLeft((int) a, (int) b); }
    static long i32Rotr(long a, long b) { return Integer.rotateRight((int) a, (int) b); }

    // ---- i64 ------------------------------------------------------------------------------------

    static long i64Eqz(long a) { return a == 0 ? 1 : 0; }
    static long i64Eq(long a, long b) { return a == b ? 1 : 0; }
    static long i64Ne(long a, long b) { return a != b ? 1 : 0; }
    static long i64LtS(long a, long b) { return a < b ? 1 : 0; }
    static long i64LtU(long a, long b) { return Long.compareUnsigned(a, b) < 0 ? 1 : 0; }
    static long i64GtS(long a, long b) { return a > b ? 1 : 0; }
    static long i64GtU(long a, long b) { return Long.compareUnsigned(a, b) > 0 ? 1 : 0; }
    static long i64LeS(long a, long b) { return a <= b ? 1 : 0; }
    static long i64LeU(long a, long b) { return Long.compareUnsigned(a, b) <= 0 ? 1 : 0; }
    static long i64GeS(long a, long b) { return a >= b ? 1 : 0; }
    static long i64GeU(long a, long b) { return Long.compareUnsigned(a, b) >= 0 ? 1 : 0; }
    static long i64Clz(long a) { return Long.numberOfLeadingZeros(a); }
    static long i64Ctz(long a) { return Long.numberOfTrailingZeros(a); }
    static long i64Popcnt(long a) { return Long.bitCount(a); }
    static long i64Add(long a, long b) { return a + b; }
    static long i64Sub(long a, long b) { return a - b; }
    static long i64Mul(long a, long b) { return a * b; }
    static long i64DivS(long a, long b) { return Ops.i64DivS(a, b); }
    static long i64DivU(long a, long b) { return Ops.i64DivU(a, b); }
    static long i64RemS(long a, long b) { return Ops.i64RemS(a, b); }
    static long i64RemU(long a, long b) { return Ops.i64RemU(a, b); }
    static long i64And(long a, long b) { return a & b; }
    static long i64Or(long a, long b) { return a | b; }
    static long i64Xor(long a, long b) { return a ^ b; }
    static long i64Shl(long a, long b) { return a << b; }
    static long i64ShrS(long a, long b) { return a >> b; }
    static long i64ShrU(long a, long b) { return a >>> b; }
    static long i64Rotl(long a, long b) { return Long.rotateLeft(a, (int) b); }
    static long i64Rotr(long a, long b) { return Long.rotateRight(a, (int) b); }

    // ---- conversions kept in the interpreter's loop -----------------------------------------------

    static long i32WrapI64(long a) { return (int) a; }
    static long i64ExtendI32S(long a) { return (int) a; }
    static long i64ExtendI32U(long a) { return a & 0xFFFFFFFFL; }
    static long extend8S(long a) { return (byte) a; }
    static long extend16S(long a) { return (short) a; }
    static long i64Extend32S(long a) { return (int) a; }
}
