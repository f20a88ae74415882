package io.backstep.engine.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cursor over a range of module bytes with the binary format's primitive encodings (LEB128 integers,
 * little-endian floats, names). Every failure is a {@link MalformedModuleException} carrying the
 * module-relative offset; nothing reads past {@code end}.
 */
public final class ByteReader {
    private final byte[] bytes;
    private int pos;
    private int end;

    public ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    public int pos() {
        return pos;
    }

    public void pos(int pos) {
        this.pos = pos;
    }

    public int end() {
        return end;
    }

    /** Narrows the readable range (for a section or a function body); returns the old end to restore later. */
    public int limit(int newEnd) {
        int old = end;
        end = newEnd;
        return old;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int remaining() {
        return end - pos;
    }

    public MalformedModuleException error(String reason) {
        return new MalformedModuleException(pos, reason);
    }

    public MalformedModuleException error(int at, String reason) {
        return new MalformedModuleException(at, reason);
    }

    public int u8() {
        if (pos >= end) throw error("unexpected end");
        return bytes[pos++] & 0xFF;
    }

    public int peekU8() {
        if (pos >= end) throw error("unexpected end");
        return bytes[pos] & 0xFF;
    }

    /** Unsigned LEB128 of at most 32 bits, returned as a non-negative long. */
    public long u32() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) throw error(pos - 1, "integer representation too long");
                if ((b & 0x70) != 0) throw error(pos - 1, "integer too large");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /** Unsigned LEB128 u32 that must fit a non-negative int (counts, indices); larger values are reported with {@code reasonIfTooLarge}. */
    public int u32Int(String reasonIfTooLarge) {
        int at = pos;
        long v = u32();
        if (v > Integer.MAX_VALUE) throw error(at, reasonIfTooLarge);
        return (int) v;
    }

    /** An index or count: u32 LEB128, assumed to fit an int (anything larger cannot be valid here). */
    public int index() {
        return u32Int("integer too large");
    }

    public int s32() {
        int result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) throw error(pos - 1, "integer representation too long");
                int signBits = b & 0x78; // bit 3 is the sign of the 32-bit value, bits 4..6 must copy it
                if (signBits != 0 && signBits != 0x78) throw error(pos - 1, "integer too large");
                return result | (b << shift);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                int unused = 32 - (shift + 7);
                return (result << unused) >> unused;
            }
        }
    }

    public long s64() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 63) {
                if ((b & 0x80) != 0) throw error(pos - 1, "integer representation too long");
                int signBits = b & 0x7F; // only bit 0 carries data, bits 1..6 must copy it
                if (signBits != 0 && signBits != 0x7F) throw error(pos - 1, "integer too large");
                return result | ((long) b << shift);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                int unused = 64 - (shift + 7);
                return unused > 0 ? (result << unused) >> unused : result;
            }
        }
    }

    /** Signed 33-bit LEB128 (block types). */
    public long s33() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) throw error(pos - 1, "integer representation too long");
                int signBits = b & 0x70; // bit 4 is the sign of the 33-bit value, bits 5..6 must copy it
                if (signBits != 0 && signBits != 0x70) throw error(pos - 1, "integer too large");
                result |= (long) (b & 0x7F) << shift;
                return (result << 29) >> 29;
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                int unused = 64 - (shift + 7);
                return (result << unused) >> unused;
            }
        }
    }

    public int f32Bits() {
        if (end - pos < 4) throw error("unexpected end");
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long f64Bits() {
        long lo = f32Bits() & 0xFFFFFFFFL;
        long hi = f32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** Eight little-endian bytes as a long (half of a v128). */
    public long i64Bits() {
        return f64Bits();
    }

    public byte[] bytes(int n) {
        if (n < 0 || end - pos < n) throw error("unexpected end");
        byte[] r = new byte[n];
        System.arraycopy(bytes, pos, r, 0, n);
        pos += n;
        return r;
    }

    public void skip(int n) {
        if (n < 0 || end - pos < n) throw error("unexpected end");
        pos += n;
    }

    /** A name: u32 length then UTF-8 bytes, which must be valid UTF-8. */
    public String name() {
        int lenAt = pos;
        long n = u32();
        // A length beyond the enclosing section is reported the way the spec's reference decoder does.
        if (n > end - pos) throw error(lenAt, "length out of bounds");
        int at = pos;
        byte[] b = bytes((int) n);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "malformed UTF-8 encoding");
        }
    }
}
