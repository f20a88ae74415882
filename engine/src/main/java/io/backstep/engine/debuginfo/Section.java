package io.backstep.engine.debuginfo;

/**
 * One DWARF section's bytes: {@code [start, end)} of {@code bytes} (the module's own bytes, or an
 * external debug file's). Offsets given to and returned by a {@link Cursor} are relative to the section.
 */
record Section(String name, byte[] bytes, int start, int end) {
    static Section empty(String name) {
        return new Section(name, new byte[0], 0, 0);
    }

    int size() {
        return end - start;
    }

    Cursor cursor(long offset) {
        return new Cursor(this, offset);
    }

    /** A cursor limited to {@code [offset, limit)} of the section. */
    Cursor cursor(long offset, long limit) {
        Cursor c = new Cursor(this, offset);
        c.limit(limit);
        return c;
    }

    byte[] slice(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size()) {
            throw DebugInfoException.at(name, offset, "block of " + length + " bytes runs past the end of the section");
        }
        byte[] out = new byte[(int) length];
        System.arraycopy(bytes, start + (int) offset, out, 0, (int) length);
        return out;
    }

    /** The NUL-terminated UTF-8 string at {@code offset}. */
    String string(long offset) {
        if (offset < 0 || offset >= size()) throw DebugInfoException.at(name, offset, "string offset out of bounds");
        int from = start + (int) offset;
        int i = from;
        while (i < end && bytes[i] != 0) i++;
        if (i >= end) throw DebugInfoException.at(name, offset, "unterminated string");
        return new String(bytes, from, i - from, java.nio.charset.StandardCharsets.UTF_8);
    }
}
