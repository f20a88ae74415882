package io.backstep.app.cli;

import static io.backstep.app.cli.TinyWasm.CODE;
import static io.backstep.app.cli.TinyWasm.EXPORT;
import static io.backstep.app.cli.TinyWasm.EXPORT_FUNC;
import static io.backstep.app.cli.TinyWasm.FUNC;
import static io.backstep.app.cli.TinyWasm.FUNCTION;
import static io.backstep.app.cli.TinyWasm.I32;
import static io.backstep.app.cli.TinyWasm.TYPE;
import static io.backstep.app.cli.TinyWasm.body;
import static io.backstep.app.cli.TinyWasm.bytes;
import static io.backstep.app.cli.TinyWasm.module;
import static io.backstep.app.cli.TinyWasm.section;
import static io.backstep.app.cli.TinyWasm.u32;
import static io.backstep.app.cli.TinyWasm.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A _start that takes parameters or returns results is not a WASI entry point: say so, with both types. */
class EntryTypeTest {
    @TempDir
    Path dir;

    /** (func (export "_start") (param i32) (result i32) local.get 0) */
    private Path identityStart() throws IOException {
        Path m = dir.resolve("param.wasm");
        Files.write(m, module(
                section(TYPE, vec(bytes(FUNC, 1, I32, 1, I32))),
                section(FUNCTION, vec(u32(0))),
                section(EXPORT, vec(bytes("_start", EXPORT_FUNC, 0))),
                section(CODE, vec(body(0x20, 0, 0x0b)))));
        return m;
    }

    /** (func (export "_start") (result i32) i32.const 7) */
    private Path resultStart() throws IOException {
        Path m = dir.resolve("result.wasm");
        Files.write(m, module(
                section(TYPE, vec(bytes(FUNC, 0, 1, I32))),
                section(FUNCTION, vec(u32(0))),
                section(EXPORT, vec(bytes("_start", EXPORT_FUNC, 0))),
                section(CODE, vec(body(0x41, 7, 0x0b)))));
        return m;
    }

    @Test
    void runNamesTheTypeItHasAndTheTypeItNeeds() throws IOException {
        Path m = identityStart();
        CliTestSupport.Result r = CliTestSupport.run("run", m.toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals("backstep: " + m + ": _start has type (func (param i32) (result i32)), but a WASI command's _start"
                + " must have type (func)\n", r.err());
        m = resultStart();
        r = CliTestSupport.run("run", m.toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals("backstep: " + m + ": _start has type (func (result i32)), but a WASI command's _start"
                + " must have type (func)\n", r.err());
    }

    @Test
    void recordSaysTheSameInOneLine() throws IOException {
        Path m = resultStart();
        CliTestSupport.Result r = CliTestSupport.run("record", "-o", dir.resolve("x.bstrace").toString(), m.toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("_start has type (func (result i32)), but a WASI command's _start must have type (func)"), r.err());
    }

    @Test
    void invokeStillCallsIt() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", "--invoke", "_start", identityStart().toString(), "5");
        assertEquals(Cli.OK, r.status(), r.err());
        assertEquals("5\n", r.out());
    }
}
