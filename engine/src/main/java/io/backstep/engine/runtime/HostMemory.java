package io.backstep.engine.runtime;

import io.backstep.engine.WasmException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where linear memory comes from: the JVM heap, optionally capped per memory. A grow the host cannot
 * provide must fail the Wasm way (memory.grow returns -1, so malloc returns NULL) rather than end the
 * JVM with an {@link OutOfMemoryError}, so allocations are checked against what the heap can still
 * give, keeping a reserve for everything else the process allocates (the recorder's buffers, the UI).
 *
 * <p>The cap is the system property {@value #PROPERTY} (bytes, or with a k/m/g suffix, e.g.
 * {@code -Dbackstep.memory.limit=512m}); without it a memory may grow as far as the heap allows.
 */
public final class HostMemory {
    public static final String PROPERTY = "backstep.memory.limit";

    /** Unlimited: only the JVM heap bounds memories. */
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private static volatile HostMemory standard;

    private final long limit;
    private final LongSupplier headroom;

    HostMemory(long limit, LongSupplier headroom) {
        this.limit = limit;
        this.headroom = headroom;
    }

    /** The JVM heap, capped by {@value #PROPERTY} if it is set. */
    public static HostMemory standard() {
        HostMemory h = standard;
        if (h == null) standard = h = new HostMemory(parseLimit(System.getProperty(PROPERTY)), HostMemory::heapHeadroom);
        return h;
    }

    /** The JVM heap, with each memory capped at {@code bytes}. */
    public static HostMemory limitedTo(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative memory limit " + bytes);
        return new HostMemory(bytes, HostMemory::heapHeadroom);
    }

    /** Bytes one memory may hold at most (Long.MAX_VALUE when only the heap limits it). */
    public long limit() {
        return limit;
    }

    /** A setting of {@value #PROPERTY} that is not a size. */
    public static final class BadLimitException extends WasmException {
        BadLimitException(String value) {
            super(PROPERTY + ": '" + value + "' is not a size (bytes, or a number with k, m or g, e.g. 512m)");
        }
    }

    static long parseLimit(String value) {
        if (value == null || value.isBlank()) return NO_LIMIT;
        String v = value.trim().toLowerCase(Locale.ROOT);
        int shift = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        if (shift != 0) v = v.substring(0, v.length() - 1);
        if (v.isEmpty() || v.length() > 15 || !v.chars().allMatch(Character::isDigit)) throw new BadLimitException(value);
        return Math.min(Long.parseLong(v), NO_LIMIT >> shift) << shift; // more than any heap: no limit
    }

    /**
     * A zeroed array of {@code bytes} bytes (a multiple of 8) as longs, or null if the heap cannot give it
     * and keep its reserve: checked before allocating (once more after a collection if {@code collect}),
     * and an allocation that still fails is caught (a failed allocation of one large array leaves the
     * heap as it was).
     */
    long[] allocate(long bytes, boolean collect) {
        long words = bytes >>> 3;
        if (words > Integer.MAX_VALUE - 8) return null;
        if (bytes > headroom.getAsLong()) {
            if (!collect) return null;
            // The estimate counts garbage not yet collected (earlier, smaller copies of this memory).
            System.gc();
            if (bytes > headroom.getAsLong()) return null;
        }
        try {
            return new long[(int) words];
        } catch (OutOfMemoryError e) {
            return null;
        }
    }

    /** What the heap can still allocate, less a reserve of a sixteenth of it (at least 32 MiB). */
    private static long heapHeadroom() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long used = rt.totalMemory() - rt.freeMemory();
        return max - used - Math.max(32L << 20, max / 16);
    }
}
