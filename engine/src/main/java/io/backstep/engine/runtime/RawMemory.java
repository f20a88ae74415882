package io.backstep.engine.runtime;

import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * Little-endian access at byte addresses into a {@code long[]}, the backing store of a {@link Memory}:
 * a {@code long[]} holds up to 16 GiB where a {@code byte[]} stops short of 2 GiB, so one array holds
 * any 32-bit memory (4 GiB). There are no bounds checks here: callers check the address against the
 * memory's size first (which never exceeds the array), and that one check is all an access costs.
 * Public for the JIT tier's memory accesses ({@code jit.JitSupport}), which check as the interpreter does.
 */
public final class RawMemory {
    private RawMemory() {
    }

    private static final Unsafe U;
    private static final long WORDS;
    private static final long BYTES;
    /**
     * A little-endian host that loads unaligned words in one instruction (x86-64, AArch64): native
     * accesses are Wasm's. Elsewhere values are assembled byte by byte (correct, slower).
     */
    private static final boolean DIRECT;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        WORDS = U.arrayBaseOffset(long[].class);
        BYTES = U.arrayBaseOffset(byte[].class);
        String arch = System.getProperty("os.arch", "");
        DIRECT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    public static byte i8(long[] w, long a) {
        return U.getByte(w, WORDS + a);
    }

    public static short i16(long[] w, long a) {
        return DIRECT ? U.getShort(w, WORDS + a) : (short) assemble(w, a, 2);
    }

    public static int i32(long[] w, long a) {
        return DIRECT ? U.getInt(w, WORDS + a) : (int) assemble(w, a, 4);
    }

    public static long i64(long[] w, long a) {
        return DIRECT ? U.getLong(w, WORDS + a) : assemble(w, a, 8);
    }

    public static void setI8(long[] w, long a, byte v) {
        U.putByte(w, WORDS + a, v);
    }

    public static void setI16(long[] w, long a, short v) {
        if (DIRECT) U.putShort(w, WORDS + a, v);
        else spread(w, a, v, 2);
    }

    public static void setI32(long[] w, long a, int v) {
        if (DIRECT) U.putInt(w, WORDS + a, v);
        else spread(w, a, v, 4);
    }

    public static void setI64(long[] w, long a, long v) {
        if (DIRECT) U.putLong(w, WORDS + a, v);
        else spread(w, a, v, 8);
    }

    private static long assemble(long[] w, long a, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (U.getByte(w, WORDS + a + i) & 0xFF);
        return v;
    }

    private static void spread(long[] w, long a, long v, int n) {
        for (int i = 0; i < n; i++, v >>>= 8) U.putByte(w, WORDS + a + i, (byte) v);
    }

    static void copyOut(long[] w, long a, byte[] dst, int dstOffset, int n) {
        U.copyMemory(w, WORDS + a, dst, BYTES + dstOffset, n);
    }

    static void copyIn(byte[] src, int srcOffset, long[] w, long a, int n) {
        U.copyMemory(src, BYTES + srcOffset, w, WORDS + a, n);
    }

    /** Copies {@code n} bytes from {@code src} to {@code dst} within {@code w}; the ranges may overlap. */
    static void move(long[] w, long src, long dst, long n) {
        U.copyMemory(w, WORDS + src, w, WORDS + dst, n);
    }

    static void fill(long[] w, long a, long n, byte v) {
        U.setMemory(w, WORDS + a, n, v);
    }
}
