package io.backstep.engine.runtime;

import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import java.util.Arrays;

/**
 * A linear memory. All accessors are little-endian and bounds-checked (a violation traps with
 * "out of bounds memory access"). Every write marks the 4 KiB chunks it touches as dirty so that an
 * incremental snapshot only needs to copy what changed.
 *
 * <p>The contents live in a {@code long[]} ({@link #words}, read and written at byte addresses through
 * {@link RawMemory}), so one array holds a memory of the full 4 GiB. The array may be larger than the
 * memory ({@link #size} is the Wasm size, what every bounds check compares against): growing
 * reallocates by a factor of 1.5, so growing a page at a time costs in proportion to the growth, not
 * to the size. Bytes past the size are always zero.
 *
 * <p>Not thread-safe: one thread at a time (the machine's). Accesses past the bounds check are raw, so
 * a read racing a grow could see the new size with the old array.
 */
public final class Memory {
    /** A WebAssembly page: the unit of memory size and growth. */
    public static final int PAGE_SIZE = 65536;
    /** A chunk, 4 KiB: the unit of dirty tracking, snapshots and digests (16 per page). */
    public static final int CHUNK_SHIFT = 12;
    public static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    /** The most a 32-bit memory may have: 4 GiB. */
    public static final int MAX_PAGES = (int) MemoryType.MAX_PAGES;
    /** Bytes copied out of or into memory at once must fit a Java array. */
    private static final long MAX_COPY = Integer.MAX_VALUE - 8;

    private final long declaredMax;
    private final HostMemory host;
    /** The contents, 8 bytes per element: the first {@link #size} bytes; the rest, spare capacity, is zero. */
    long[] words;
    /** Size in bytes (a whole number of pages): what accesses are checked against. */
    long size;
    /**
     * Two flags per chunk ({@link #WRITTEN} sets both): {@link #SNAPSHOT_DIRTY}, written since the last
     * {@link #clearDirty()} (what an incremental snapshot copies), and {@link #DIGEST_DIRTY}, written since
     * the chunk's hash was last computed (so {@link #digest} rehashes only those). Covers the capacity,
     * plus one so that a write at the very end can mark "chunk + 1" safely.
     */
    byte[] dirty;
    /** Cached hash of each chunk; valid where {@link #DIGEST_DIRTY} is clear. Null until the first digest. */
    private long[] chunkHashes;

    static final byte SNAPSHOT_DIRTY = 1;
    static final byte DIGEST_DIRTY = 2;
    /** What a write stores into its chunks' flags. */
    public static final byte WRITTEN = SNAPSHOT_DIRTY | DIGEST_DIRTY;

    /** Stands in where an instance has no memory (validation keeps code from using one): every access traps. */
    public static final Memory NONE = new Memory();

    private Memory() {
        this.declaredMax = 0;
        this.host = null;
        this.words = new long[0];
        this.dirty = new byte[0];
    }

    public Memory(MemoryType type) {
        this(type, HostMemory.standard());
    }

    /**
     * A memory of {@code type}'s minimum size, allocated from {@code host}. Throws {@link LinkException}
     * if that size is past the implementation limit or more than the host can provide.
     */
    public Memory(MemoryType type, HostMemory host) {
        Limits l = type.limits();
        if (l.min() > MAX_PAGES) {
            throw new LinkException("memory of " + l.min() + " pages exceeds the implementation limit of " + MAX_PAGES + " pages");
        }
        long bytes = l.min() * PAGE_SIZE;
        if (bytes > host.limit()) {
            throw new LinkException("memory of " + l.min() + " pages exceeds the limit of " + host.limit() + " bytes (" + HostMemory.PROPERTY + ")");
        }
        this.declaredMax = l.max();
        this.host = host;
        this.words = host.allocate(bytes, true);
        if (this.words == null) throw new LinkException("not enough host memory for a memory of " + l.min() + " pages (try a larger -Xmx)");
        this.size = bytes;
        this.dirty = new byte[dirtyLength(bytes)];
    }

    private static int dirtyLength(long byteLength) {
        return (int) (byteLength >>> CHUNK_SHIFT) + 2;
    }

    public int pages() {
        return (int) (size / PAGE_SIZE);
    }

    public long byteSize() {
        return size;
    }

    /** Bytes the backing array holds: the size and the spare capacity. */
    long capacity() {
        return (long) words.length << 3;
    }

    /** Current type with the current size as minimum (what import matching compares against). */
    public MemoryType currentType() {
        return new MemoryType(new Limits(pages(), declaredMax));
    }

    /**
     * Grows by {@code deltaPages}; returns the old size in pages, or -1 if the memory cannot grow that far
     * (its maximum, the implementation limit, or what the host can provide).
     */
    public int grow(long deltaPages) {
        int old = pages();
        long newSize = (old + deltaPages) * PAGE_SIZE;
        if (deltaPages < 0 || newSize > maxBytes()) return -1;
        if (deltaPages == 0) return old;
        if (newSize > capacity() && !reallocate(newSize)) return -1;
        // New pages did not exist in any earlier snapshot, so an incremental one must carry them.
        Arrays.fill(dirty, (int) (size >>> CHUNK_SHIFT), (int) (newSize >>> CHUNK_SHIFT), WRITTEN);
        size = newSize;
        return old;
    }

    /** The most bytes this memory may reach: its declared maximum, the implementation limit, the host's limit. */
    private long maxBytes() {
        long pages = declaredMax >= 0 ? Math.min(declaredMax, MAX_PAGES) : MAX_PAGES;
        return Math.min(pages * PAGE_SIZE, host.limit() / PAGE_SIZE * PAGE_SIZE);
    }

    /**
     * Moves the contents to a larger array holding at least {@code needed} bytes: half as large again as
     * now if the host can give that, else exactly {@code needed}. False (nothing changed) if it cannot.
     */
    private boolean reallocate(long needed) {
        long spacious = Math.min(maxBytes(), Math.max(needed, capacity() + capacity() / 2 / PAGE_SIZE * PAGE_SIZE));
        // Only the exact size is worth a collection: the spare room is a bonus.
        long[] w = host.allocate(spacious, spacious == needed);
        if (w == null && spacious > needed) w = host.allocate(needed, true);
        if (w == null) return false;
        byte[] d;
        try {
            d = Arrays.copyOf(dirty, dirtyLength((long) w.length << 3));
        } catch (OutOfMemoryError e) {
            return false;
        }
        System.arraycopy(words, 0, w, 0, (int) (size >>> 3));
        words = w;
        dirty = d;
        return true;
    }

    /** Traps unless {@code [address, address + length)} lies inside the memory. Returns the address. */
    public long check(long address, long length) {
        if (address < 0 || length < 0 || address + length > size) {
            throw new TrapException(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
        }
        return address;
    }

    void markDirty(long address, long length) {
        if (length <= 0) return;
        int first = (int) (address >>> CHUNK_SHIFT);
        int last = (int) ((address + length - 1) >>> CHUNK_SHIFT);
        for (int p = first; p <= last; p++) dirty[p] = WRITTEN;
    }

    public byte loadI8(long address) {
        return RawMemory.i8(words, check(address, 1));
    }

    public short loadI16(long address) {
        return RawMemory.i16(words, check(address, 2));
    }

    public int loadI32(long address) {
        return RawMemory.i32(words, check(address, 4));
    }

    public long loadI64(long address) {
        return RawMemory.i64(words, check(address, 8));
    }

    public void storeI8(long address, byte value) {
        RawMemory.setI8(words, check(address, 1), value);
        markDirty(address, 1);
    }

    public void storeI16(long address, short value) {
        RawMemory.setI16(words, check(address, 2), value);
        markDirty(address, 2);
    }

    public void storeI32(long address, int value) {
        RawMemory.setI32(words, check(address, 4), value);
        markDirty(address, 4);
    }

    public void storeI64(long address, long value) {
        RawMemory.setI64(words, check(address, 8), value);
        markDirty(address, 8);
    }

    /** Copies {@code length} bytes out of memory (a trap if they are past the size or too many for one array). */
    public byte[] read(long address, long length) {
        check(address, length);
        if (length > MAX_COPY) throw new TrapException(TrapKind.HOST_ERROR, "cannot copy " + length + " bytes out of memory at once");
        byte[] b = new byte[(int) length];
        RawMemory.copyOut(words, address, b, 0, b.length);
        return b;
    }

    public void read(long address, byte[] dst, int dstOffset, int length) {
        check(address, length);
        java.util.Objects.checkFromIndexSize(dstOffset, length, dst.length);
        RawMemory.copyOut(words, address, dst, dstOffset, length);
    }

    public void write(long address, byte[] src) {
        write(address, src, 0, src.length);
    }

    public void write(long address, byte[] src, int srcOffset, int length) {
        check(address, length);
        java.util.Objects.checkFromIndexSize(srcOffset, length, src.length);
        RawMemory.copyIn(src, srcOffset, words, address, length);
        markDirty(address, length);
    }

    /** memory.fill semantics: traps if the range is out of bounds, before writing anything. */
    public void fill(long address, long length, byte value) {
        RawMemory.fill(words, check(address, length), length, value);
        markDirty(address, length);
    }

    /** memory.copy semantics (overlapping ranges allowed). */
    public void copyWithin(long dst, long src, long length) {
        check(src, length);
        check(dst, length);
        RawMemory.move(words, src, dst, length);
        markDirty(dst, length);
    }

    /** Whether chunk {@code chunk} was written since the last {@link #clearDirty()}. */
    public boolean isDirty(int chunk) {
        return (dirty[chunk] & SNAPSHOT_DIRTY) != 0;
    }

    /** Number of chunks the memory spans now. */
    public int chunkCount() {
        return (int) (size >>> CHUNK_SHIFT);
    }

    /**
     * Makes room for {@code pages} pages without changing the memory (snapshot restore allocates before
     * it changes anything). False if the host cannot provide them or they exceed this memory's limits.
     */
    public boolean reserve(int pages) {
        long needed = (long) pages * PAGE_SIZE;
        if (pages < 0 || needed > maxBytes()) return false;
        return needed <= capacity() || reallocate(needed);
    }

    /**
     * Sets the size to {@code pages} pages (snapshot restore; {@link #reserve} first). Pages added are zero
     * and dirty; pages removed are zeroed, so that growing again finds them zero, as Wasm requires.
     */
    public void resize(int pages) {
        long newSize = (long) pages * PAGE_SIZE;
        if (pages < 0 || newSize > capacity()) throw new IllegalArgumentException("memory of " + pages + " pages not reserved");
        if (newSize < size) {
            RawMemory.fill(words, newSize, size - newSize, (byte) 0);
        } else {
            Arrays.fill(dirty, (int) (size >>> CHUNK_SHIFT), (int) (newSize >>> CHUNK_SHIFT), WRITTEN);
        }
        size = newSize;
    }

    /**
     * A 64-bit hash of the contents, cheap enough to run per checkpoint (determinism checks): the size
     * folded with one hash per chunk, and chunk hashes are cached, so only chunks written since the
     * previous digest are read again.
     */
    public long digest(long seed) {
        int n = (int) (size >>> CHUNK_SHIFT);
        if (chunkHashes == null) {
            for (int c = 0; c < n; c++) dirty[c] |= DIGEST_DIRTY;
        }
        if (chunkHashes == null || chunkHashes.length < n) {
            // Sized like the capacity; chunks that joined since the last digest were marked when they did.
            chunkHashes = Arrays.copyOf(chunkHashes == null ? new long[0] : chunkHashes, dirty.length);
        }
        long h = seed ^ size;
        for (int c = 0; c < n; c++) {
            if ((dirty[c] & DIGEST_DIRTY) != 0) {
                chunkHashes[c] = chunkHash(c);
                dirty[c] &= ~DIGEST_DIRTY;
            }
            h = mix(h ^ chunkHashes[c]);
        }
        return h;
    }

    private long chunkHash(int chunk) {
        long from = (long) chunk << CHUNK_SHIFT;
        long h = chunk;
        for (long i = from, end = from + CHUNK_SIZE; i < end; i += 8) {
            long v = RawMemory.i64(words, i);
            if (v != 0) h = mix(h ^ v ^ i);
        }
        return h;
    }

    static long mix(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Starts a new incremental-snapshot period (chunk hashes for the digest keep their own flags). */
    public void clearDirty() {
        byte[] d = dirty;
        for (int i = 0, n = dirtyLength(size); i < n; i++) d[i] &= ~SNAPSHOT_DIRTY;
    }
}
