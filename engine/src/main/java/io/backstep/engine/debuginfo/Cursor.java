package io.backstep.engine.debuginfo;

/**
 * Reads little-endian DWARF data from a {@link Section}. Every read is bounds-checked against the
 * cursor's limit: running out of bytes is a {@link DebugInfoException}, never an index exception.
 */
final class Cursor {
    private final Section s;
    private long pos;
    private long limit;

    Cursor(Section s, long offset) {
        this.s = s;
        this.pos = offset;
        this.limit = s.size();
        if (offset < 0 || offset > limit) throw error(offset, "offset out of bounds");
    }

    Section section() { return s; }
    long pos() { return pos; }
    long limit() { return limit; }
    boolean atEnd() { return pos >= limit; }
    long remaining() { return limit - pos; }

    void pos(long p) {
        if (p < 0 || p > limit) throw error(p, "offset out of bounds");
        pos = p;
    }

    /** Narrows the readable range to end at {@code l}; returns the previous limit. */
    long limit(long l) {
        if (l < pos || l > s.size()) throw error(pos, "length runs past the end of the section");
        long old = limit;
        limit = l;
        return old;
    }

    DebugInfoException error(long at, String what) {
        return DebugInfoException.at(s.name(), at, what);
    }

    DebugInfoException error(String what) {
        return error(pos, what);
    }

    private void need(long n) {
        if (n > limit - pos) throw error("unexpected end of data");
    }

    int u8() {
        need(1);
        return s.bytes()[s.start() + (int) pos++] & 0xFF;
    }

    int u16() {
        need(2);
        int p = s.start() + (int) pos;
        byte[] b = s.bytes();
        pos += 2;
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    int u24() {
        need(3);
        int p = s.start() + (int) pos;
        byte[] b = s.bytes();
        pos += 3;
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16;
    }

    long u32() {
        need(4);
        int p = s.start() + (int) pos;
        byte[] b = s.bytes();
        pos += 4;
        return ((b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24);
    }

    long u64() {
        long lo = u32();
        long hi = u32();
        return lo | hi << 32;
    }

    /** An unsigned value of {@code size} bytes (1, 2, 4 or 8). */
    long unsigned(int size) {
        return switch (size) {
            case 1 -> u8();
            case 2 -> u16();
            case 4 -> u32();
            case 8 -> u64();
            default -> throw error("unsupported size " + size);
        };
    }

    long uleb() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) return result;
            if (shift > 70) throw error("LEB128 too long");
        }
    }

    /** An unsigned LEB128 that must fit a non-negative int (counts, indices). */
    int ulebInt() {
        long at = pos;
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) throw error(at, "value " + Long.toUnsignedString(v) + " out of range");
        return (int) v;
    }

    long sleb() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if (shift > 70) throw error("LEB128 too long");
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    String cstring() {
        String str = s.string(pos);
        // Advance past the string and its NUL: count bytes, not chars.
        int i = s.start() + (int) pos;
        while (s.bytes()[i] != 0) i++;
        long next = i - s.start() + 1;
        if (next > limit) throw error("string runs past the end of its unit");
        pos = next;
        return str;
    }

    void skip(long n) {
        if (n < 0) throw error("negative length");
        need(n);
        pos += n;
    }

    /**
     * Reads an initial length: 32-bit, or 0xffffffff followed by a 64-bit one (64-bit DWARF).
     * Returns the length; {@code offsetSize[0]} receives 4 or 8.
     */
    long initialLength(int[] offsetSize) {
        long at = pos;
        long len = u32();
        if (len == 0xFFFFFFFFL) {
            len = u64();
            offsetSize[0] = 8;
        } else if (len >= 0xFFFFFFF0L) {
            throw error(at, "reserved unit length 0x" + Long.toHexString(len));
        } else {
            offsetSize[0] = 4;
        }
        if (len < 0 || len > remaining()) throw error(at, "unit length 0x" + Long.toHexString(len) + " runs past the end of the section");
        return len;
    }
}
