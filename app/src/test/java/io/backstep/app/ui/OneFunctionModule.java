package io.backstep.app.ui;

import java.io.ByteArrayOutputStream;

/** Hand-built test modules of one function {@code () -> ()}: the window tests that need a function of a given shape. */
final class OneFunctionModule {
    private OneFunctionModule() {
    }

    /** A module whose one function has {@code body} (locals declaration, instructions, end) and nothing after the code section. */
    static ByteArrayOutputStream of(byte[] body) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1); // one body
        leb(code, body.length);
        code.writeBytes(body);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type 0: () -> ()
            0x03, 0x02, 0x01, 0x00, // func 0: type 0
            0x0a});
        leb(m, code.size());
        m.writeBytes(code.toByteArray());
        return m;
    }

    /** Appends {@code v} as an unsigned LEB128. */
    static void leb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
