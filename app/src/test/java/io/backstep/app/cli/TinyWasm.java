package io.backstep.app.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds small binary modules for command-line tests. Parts are Integers (one byte each), byte
 * arrays, or Strings (a Wasm name: length, then UTF-8 bytes).
 */
final class TinyWasm {
    static final int I32 = 0x7f;
    static final int FUNC = 0x60;
    static final int EXPORT_FUNC = 0x00;
    static final int EXPORT_MEMORY = 0x02;
    static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, MEMORY = 5, EXPORT = 7, CODE = 10, DATA = 11;
    static final String WASI = "wasi_snapshot_preview1";

    private TinyWasm() {
    }

    static byte[] module(byte[]... sections) {
        return bytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}, bytes((Object[]) sections));
    }

    static byte[] section(int id, Object... parts) {
        byte[] content = bytes(parts);
        return bytes(id, u32(content.length), content);
    }

    /** A vector of {@code items}, each already encoded. */
    static byte[] vec(byte[]... items) {
        return bytes(u32(items.length), bytes((Object[]) items));
    }

    /** A function body: no locals, then the instructions (ending with 0x0b). */
    static byte[] body(Object... code) {
        byte[] b = bytes(0x00, bytes(code));
        return bytes(u32(b.length), b);
    }

    /** A custom "name" section giving functions their names (index, name pairs). */
    static byte[] functionNames(Object... indexNamePairs) {
        byte[][] entries = new byte[indexNamePairs.length / 2][];
        for (int i = 0; i < entries.length; i++) entries[i] = bytes(u32((Integer) indexNamePairs[2 * i]), indexNamePairs[2 * i + 1]);
        byte[] sub = vec(entries);
        return section(0, "name", 1, u32(sub.length), sub);
    }

    static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof byte[] b) {
                out.write(b, 0, b.length);
            } else if (p instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.write(u32(b.length), 0, u32(b.length).length);
                out.write(b, 0, b.length);
            } else {
                throw new IllegalArgumentException("not a module part: " + p);
            }
        }
        return out.toByteArray();
    }

    /**
     * A WASI command that writes {@code text} to file descriptor {@code fd} with one fd_write and
     * exits with the errno it got (0 when the write succeeded). With {@code readFirst} it first
     * waits for stdin (one fd_read), so a test can arrange the output side before the write. It also
     * exports that wait as {@code wait}, which returns 7.
     */
    static byte[] writeThenExitWithErrno(int fd, String text, boolean readFirst) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        // Memory: the write iovec {32, len} at 0, the read iovec {16, 8} at 8, the read buffer at 16,
        // the byte count at 24, the text at 32.
        byte[] memory = bytes(le32(32), le32(t.length), le32(16), le32(8), new byte[16], t);
        byte[] waitCall = readFirst ? bytes(0x10, 4, 0x1a) : new byte[0]; // call $wait; drop
        return module(
                section(TYPE, vec(bytes(FUNC, 4, I32, I32, I32, I32, 1, I32), bytes(FUNC, 1, I32, 0), bytes(FUNC, 0, 0),
                        bytes(FUNC, 0, 1, I32))),
                // funcs 0, 1, 2: fd_write, proc_exit, fd_read
                section(IMPORT, vec(bytes(WASI, "fd_write", 0x00, 0), bytes(WASI, "proc_exit", 0x00, 1),
                        bytes(WASI, "fd_read", 0x00, 0))),
                // funcs 3, 4: _start, wait
                section(FUNCTION, vec(u32(2), u32(3))),
                section(MEMORY, vec(bytes(0x00, 1))),
                section(EXPORT, vec(bytes("_start", EXPORT_FUNC, 3), bytes("wait", EXPORT_FUNC, 4),
                        bytes("memory", EXPORT_MEMORY, 0))),
                section(CODE, vec(
                        // [wait; drop;] fd_write(fd, 0, 1, 24); proc_exit(errno)
                        body(waitCall, 0x41, fd, 0x41, 0, 0x41, 1, 0x41, 24, 0x10, 0, 0x10, 1, 0x0b),
                        // fd_read(0, 8, 1, 24); drop; 7
                        body(0x41, 0, 0x41, 8, 0x41, 1, 0x41, 24, 0x10, 2, 0x1a, 0x41, 7, 0x0b))),
                section(DATA, vec(bytes(0x00, 0x41, 0, 0x0b, u32(memory.length), memory))));
    }
}
