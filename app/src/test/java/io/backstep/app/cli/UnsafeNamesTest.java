package io.backstep.app.cli;

import static io.backstep.app.cli.TinyWasm.CODE;
import static io.backstep.app.cli.TinyWasm.EXPORT;
import static io.backstep.app.cli.TinyWasm.EXPORT_FUNC;
import static io.backstep.app.cli.TinyWasm.FUNC;
import static io.backstep.app.cli.TinyWasm.FUNCTION;
import static io.backstep.app.cli.TinyWasm.I32;
import static io.backstep.app.cli.TinyWasm.MEMORY;
import static io.backstep.app.cli.TinyWasm.TYPE;
import static io.backstep.app.cli.TinyWasm.bytes;
import static io.backstep.app.cli.TinyWasm.module;
import static io.backstep.app.cli.TinyWasm.section;
import static io.backstep.app.cli.TinyWasm.u32;
import static io.backstep.app.cli.TinyWasm.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.text.SafeText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names a module chooses (exports, the name section's functions and locals) can hold newlines,
 * terminal escape sequences and bidi overrides: every command shows them escaped, and its JSON keeps
 * them exact but escaped too.
 */
class UnsafeNamesTest {
    static final String FUNCTION_NAME = "evil\n\u001b[31mred\u202efdp.exe\u0085";
    static final String SHOWN_FUNCTION_NAME = "evil\\n\\x1b[31mred\\u202efdp.exe\\u0085";
    static final String LOCAL_NAME = "loc\u001b]0;pwned\u0007";
    static final String SHOWN_LOCAL_NAME = "loc\\x1b]0;pwned\\x07";
    static final String EXPORT_NAME = "exp\u001b[2J\r\n";
    static final String SHOWN_EXPORT_NAME = "exp\\x1b[2J\\r\\n";

    @TempDir
    Path dir;

    /**
     * func 0 (named FUNCTION_NAME, one local named LOCAL_NAME, exported as EXPORT_NAME) stores 42 at
     * address 0 and traps; func 1 is _start and calls it.
     */
    private Path evilModule(boolean withStart) throws IOException {
        byte[] localNames = vec(bytes(u32(0), vec(bytes(u32(0), LOCAL_NAME))));
        byte[] functionNames = vec(bytes(u32(0), FUNCTION_NAME), bytes(u32(1), "_start"));
        byte[] names = section(0, "name", 1, u32(functionNames.length), functionNames, 2, u32(localNames.length), localNames);
        byte[] f0 = bytes(1, 1, I32, 0x41, 0, 0x41, 42, 0x36, 2, 0, 0x00, 0x0b); // 1 local; i32.store 0 42; unreachable
        byte[] f1 = bytes(0, 0x10, 0, 0x0b);                                      // call 0
        byte[] exports = withStart ? vec(bytes(EXPORT_NAME, EXPORT_FUNC, 0), bytes("_start", EXPORT_FUNC, 1))
                : vec(bytes(EXPORT_NAME, EXPORT_FUNC, 0));
        Path m = dir.resolve(withStart ? "evil.wasm" : "evil-lib.wasm");
        Files.write(m, module(
                section(TYPE, vec(bytes(FUNC, 0, 0))),
                section(FUNCTION, vec(u32(0), u32(0))),
                section(MEMORY, vec(bytes(0x00, 1))),
                section(EXPORT, exports),
                section(CODE, vec(bytes(u32(f0.length), f0), bytes(u32(f1.length), f1))),
                names));
        return m;
    }

    private static void assertSafe(String output) {
        output.lines().forEach(line -> line.codePoints().forEach(
                cp -> assertFalse(SafeText.isUnsafe(cp), "U+" + Integer.toHexString(cp) + " in: " + line)));
    }

    @Test
    void runShowsTheTrapBacktraceEscaped() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", evilModule(true).toString());
        assertEquals(Cli.TRAP, r.status());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("trap: "), r.err());
        assertTrue(lines.get(1).startsWith("  at " + SHOWN_FUNCTION_NAME + " (func 0, offset 0x"), r.err());
        assertTrue(lines.get(2).startsWith("  at _start (func 1, offset 0x"), r.err());
        assertSafe(r.err());
    }

    @Test
    void errorsListingExportsEscapeThem() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", evilModule(false).toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().endsWith("use --invoke NAME to call one of: " + SHOWN_EXPORT_NAME + "\n"), r.err());
        assertSafe(r.err());

        r = CliTestSupport.run("record", "-o", dir.resolve("lib.bstrace").toString(), evilModule(false).toString());
        assertEquals(Cli.ERROR, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(SHOWN_EXPORT_NAME), r.err());
    }

    @Test
    void recordingCommandsShowNamesEscaped() throws IOException {
        Path trace = dir.resolve("evil.bstrace");
        CliTestSupport.Result rec = CliTestSupport.run("record", "-o", trace.toString(), evilModule(true).toString());
        assertEquals(Cli.TRAP, rec.status(), rec.err());
        assertTrue(rec.err().contains("  at " + SHOWN_FUNCTION_NAME + " (func 0"), rec.err());
        assertSafe(rec.err());

        CliTestSupport.Result info = CliTestSupport.run("info", trace.toString());
        assertTrue(info.out().contains("most calls: " + SHOWN_FUNCTION_NAME + " 1"), info.out());
        assertSafe(info.out());

        Map<String, Object> j = MiniJson.object(CliTestSupport.run("info", trace.toString(), "--json").out());
        long end = ((Number) j.get("steps")).longValue();
        CliTestSupport.Result state = CliTestSupport.run("state", trace.toString(), "--at", Long.toString(end));
        assertTrue(state.out().contains("function " + SHOWN_FUNCTION_NAME + " (func 0)"), state.out());
        assertTrue(state.out().contains("  #1 " + SHOWN_FUNCTION_NAME + " (func 0"), state.out());
        assertTrue(state.out().contains("  " + SHOWN_LOCAL_NAME + " "), state.out());
        assertSafe(state.out());

        CliTestSupport.Result query = CliTestSupport.run("query", trace.toString(), "--last-write", "0:4");
        assertTrue(query.out().contains(" in " + SHOWN_FUNCTION_NAME + " (func 0"), query.out());
        assertSafe(query.out());
    }

    @Test
    void jsonKeepsTheExactNamesInSafeEscapes() throws IOException {
        Path trace = dir.resolve("evil.bstrace");
        CliTestSupport.run("record", "-o", trace.toString(), evilModule(true).toString());
        CliTestSupport.Result info = CliTestSupport.run("info", trace.toString(), "--json");
        assertSafe(info.out());
        assertTrue(info.out().contains("\\u202e"), info.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>) MiniJson.object(info.out()).get("mostCalled");
        assertEquals(FUNCTION_NAME, calls.get(0).get("name"), "the parsed JSON holds the name exactly");

        long end = ((Number) MiniJson.object(info.out()).get("steps")).longValue();
        CliTestSupport.Result state = CliTestSupport.run("state", trace.toString(), "--at", Long.toString(end), "--json");
        assertSafe(state.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> function = (Map<String, Object>) MiniJson.object(state.out()).get("function");
        assertEquals(FUNCTION_NAME, function.get("name"));
    }
}
