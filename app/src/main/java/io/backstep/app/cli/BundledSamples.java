package io.backstep.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample programs shipped inside the application (module {@code samples}), by name. */
public final class BundledSamples {
    private BundledSamples() {
    }

    /** The bytes of bundled sample {@code name} ("fib" or "fib.wasm"), or null if there is none. */
    public static byte[] find(String name) {
        String base = name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
        if (!base.matches("[A-Za-z0-9_-]+")) return null;
        try (InputStream in = BundledSamples.class.getResourceAsStream("/samples/" + base + ".wasm")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
