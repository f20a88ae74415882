package io.backstep.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The sample programs shipped inside the application (module {@code samples}), by name. */
public final class BundledSamples {
    /** Where the samples are on the class path: each module, with its sources under src/ beside it, as on disk. */
    private static final String FOLDER = "/samples/";

    private BundledSamples() {
    }

    /** The bytes of bundled sample {@code name} ("fib" or "fib.wasm"), or null if there is none. */
    public static byte[] find(String name) {
        String base = name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
        if (!base.matches("[A-Za-z0-9_-]+")) return null;
        try (InputStream in = BundledSamples.class.getResourceAsStream(FOLDER + base + ".wasm")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of a bundled sample's source file, by the path its DWARF gives relative to the sample's
     * module ({@code src/corruption.c}, {@code ./src/corruption.c}), or null if no sample has it.
     */
    public static String source(String dwarfPath) {
        List<String> parts = new ArrayList<>();
        for (String c : dwarfPath.replace('\\', '/').split("/")) if (!c.isEmpty() && !c.equals(".")) parts.add(c);
        String relative = String.join("/", parts);
        if (dwarfPath.startsWith("/") || !relative.matches("src/[A-Za-z0-9_.-]+")) return null;
        try (InputStream in = BundledSamples.class.getResourceAsStream(FOLDER + relative)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
