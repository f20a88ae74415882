package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and the less common paths of 'backstep run'. */
class RunCommandTest {
    /** (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
     *          (func (export "half") (param f64) (result f64) local.get 0 f64.const 2 f64.div)) */
    static final byte[] ADD_MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7c, 0x01, 0x7c,
        0x03, 0x03, 0x02, 0x00, 0x01,
        0x07, 0x0e, 0x02, 0x03, 'a', 'd', 'd', 0x00, 0x00, 0x04, 'h', 'a', 'l', 'f', 0x00, 0x01,
        0x0a, 0x18, 0x02,
        0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
        0x0e, 0x00, 0x20, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0, 0x40, (byte) 0xa3, 0x0b
    };

    @Test
    void invokeCallsAnExportWithNumericArguments(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("add.wasm");
        Files.write(m, ADD_MODULE);
        CliTestSupport.Result r = CliTestSupport.run("run", "--invoke", "add", m.toString(), "40", "2");
        assertEquals(0, r.status(), r.err());
        assertEquals("42\n", r.out());
        assertEquals("1.25\n", CliTestSupport.run("run", "--invoke=half", m.toString(), "2.5").out());
    }

    @Test
    void invokeRejectsBadArguments(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("add.wasm");
        Files.write(m, ADD_MODULE);
        CliTestSupport.Result r = CliTestSupport.run("run", "--invoke", "add", m.toString(), "x", "2");
        assertEquals(Cli.USAGE, r.status());
        assertEquals("backstep: 'x' is not a valid i32\n", r.err());
        r = CliTestSupport.run("run", "--invoke", "add", m.toString(), "1");
        assertEquals(Cli.USAGE, r.status());
        r = CliTestSupport.run("run", "--invoke", "nope", m.toString());
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().contains("no exported function named 'nope'"), r.err());
    }

    @Test
    void moduleWithoutStartSuggestsInvoke(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("add.wasm");
        Files.write(m, ADD_MODULE);
        CliTestSupport.Result r = CliTestSupport.run("run", m.toString());
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().contains("--invoke") && r.err().contains("add"), r.err());
    }

    @Test
    void missingFileIsOneLine() {
        CliTestSupport.Result r = CliTestSupport.run("run", "/no/such/file.wasm");
        assertEquals(Cli.ERROR, r.status());
        assertEquals("backstep: /no/such/file.wasm: no such file\n", r.err());
    }

    @Test
    void malformedAndInvalidModulesNameTheOffset(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.wasm");
        Files.write(bad, new byte[] {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00});
        CliTestSupport.Result r = CliTestSupport.run("run", bad.toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals("backstep: " + bad + ": not a WebAssembly module this debugger can read: its binary format version is not 1"
                + " (malformed module: unknown binary version at byte offset 0x4)\n", r.err());

        // i32.add with nothing on the stack
        byte[] invalid = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b};
        Files.write(bad, invalid);
        r = CliTestSupport.run("run", bad.toString());
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().startsWith("backstep: " + bad + ": not a valid WebAssembly module: it fails validation"
                + " (invalid module: type mismatch at byte offset 0x"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void everyTruncationOfASampleIsAOneLineError(@TempDir Path dir) throws IOException {
        byte[] hello = BundledSamples.find("hello");
        Path f = dir.resolve("t.wasm");
        for (int len = 0; len < hello.length; len += 997) {
            Files.write(f, java.util.Arrays.copyOf(hello, len));
            CliTestSupport.Result r = CliTestSupport.run("run", f.toString());
            assertEquals(Cli.ERROR, r.status(), "length " + len);
            assertEquals(1, r.err().split("\n").length, r.err());
            String expected = len == 0 ? "the file is empty" : "the file is truncated at byte " + String.format("%,d", len);
            assertTrue(r.err().startsWith("backstep: " + f + ": " + expected), r.err());
        }
    }

    @Test
    void guestExitStatusIsOurs(@TempDir Path dir) {
        // files.wasm exits 1 when its directory is not accessible
        CliTestSupport.Result r = CliTestSupport.run("run", "files", dir.resolve("missing").toString());
        assertTrue(r.status() != 0, "a failing program's status comes through");
    }

    @Test
    void usageErrors() {
        assertEquals(Cli.USAGE, CliTestSupport.run("run").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("run", "--bogus", "x.wasm").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("frobnicate").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("run", "--env", "NOVALUE", "hello").status());
        CliTestSupport.Result help = CliTestSupport.run("run", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: backstep run"));
    }

    @Test
    void environmentReachesTheGuest() {
        // hello prints its arguments only; the environment is checked through WASI itself in the engine tests,
        // here we check the option is accepted and the program still runs.
        CliTestSupport.Result r = CliTestSupport.run("run", "--env", "GREETING=hi", "hello");
        assertEquals(0, r.status(), r.err());
    }
}
