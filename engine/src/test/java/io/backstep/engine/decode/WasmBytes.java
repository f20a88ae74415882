package io.backstep.engine.decode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds binary modules by hand for tests. Parts may be Integers (one byte each), byte arrays, or
 * Strings (encoded as a Wasm name: length then UTF-8 bytes).
 */
public final class WasmBytes {
    public static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    private WasmBytes() {
    }

    public static byte[] module(byte[]... sections) {
        return cat(HEADER, cat((Object[]) sections));
    }

    /** A section with its id and size prefixed. */
    public static byte[] section(int id, Object... parts) {
        byte[] content = cat(parts);
        return cat(id, u32(content.length), content);
    }

    /** A vector: count then the parts (the caller gives {@code count} elements). */
    public static byte[] vec(int count, Object... parts) {
        return cat(u32(count), cat(parts));
    }

    public static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    public static byte[] s64(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) return out.toByteArray();
        }
    }

    public static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(b.length), b);
    }

    public static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof String s) {
                out.writeBytes(name(s));
            } else {
                throw new IllegalArgumentException("unsupported part " + p);
            }
        }
        return out.toByteArray();
    }
}
