package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDescribesOpen() {
        assertEquals(Cli.OK, run("open", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: backstep open"));
        out.reset();
        assertEquals(Cli.OK, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("open     Open the debugger window"));
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        assertEquals(Cli.ERROR, run("open", "no/such/file.wasm"));
        assertEquals("backstep: no/such/file.wasm: no such file\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.ERROR, run("open", "--sample", "nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no bundled sample named 'nope'"));
        err.reset();
        assertEquals(Cli.USAGE, run("open", "a.wasm", "b.wasm"));
    }
}
