package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Launch arguments, hit conditions and data breakpoint ids: what clients send, checked with clear messages. */
class LaunchArgumentsTest {
    private static String problem(Runnable r) {
        return assertThrows(DapException.class, r::run).getMessage();
    }

    @Test
    void launchArgumentsAreReadAndResolvedAgainstCwd() {
        LaunchConfig c = LaunchConfig.parse(Map.of("program", "prog.wasm", "cwd", "/work/x", "args", List.of("a", "b c"),
                "env", Map.of("K", "v"), "dirs", List.of("data::/d", "out"), "stopOnEntry", true, "recordSteps", 5000.0));
        assertEquals("prog.wasm", c.program());
        assertEquals(List.of("a", "b c"), c.args());
        assertEquals(Map.of("K", "v"), c.env());
        assertEquals(Path.of("/work/x/data").toString(), c.dirs().get(0).hostPath());
        assertEquals("/d", c.dirs().get(0).guestPath());
        assertEquals(Path.of("/work/x/out").toString(), c.dirs().get(1).hostPath());
        assertEquals("out", c.dirs().get(1).guestPath());
        assertTrue(c.stopOnEntry());
        assertEquals(5000, c.recordSteps());
        assertEquals(Path.of("/work/x/run.bstrace"), LaunchConfig.parse(Map.of("recording", "run.bstrace", "cwd", "/work/x")).recording());
    }

    @Test
    void launchMistakesNameTheAttribute() {
        assertTrue(problem(() -> LaunchConfig.parse(Map.of())).contains("'program'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "recording", "b"))).contains("not both"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "env", List.of()))).contains("'env'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "env", Map.of("K", 1.0)))).contains("'env.K'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "dirs", List.of("::g")))).contains("'dirs'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "stopOnEntry", "yes"))).contains("'stopOnEntry'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", "a", "recordSteps", 1.5))).contains("'recordSteps'"));
        assertTrue(problem(() -> LaunchConfig.parse(Map.of("program", ""))).contains("'program'"));
    }

    @Test
    void aModuleThatCannotLoadIsExplainedInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path cut = dir.resolve("cut.wasm");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(io.backstep.app.cli.BundledSamples.find("corruption"), 200));
        String message = problem(() -> Debuggee.load(LaunchConfig.parse(Map.of("program", cut.toString())), () -> false));
        assertEquals("'program' cut.wasm: the file is truncated at byte 200: the module needs more bytes than the file has"
                + " (malformed module: length out of bounds at byte offset 0x", message.substring(0, message.lastIndexOf("0x") + 2));
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void hitConditions() {
        HitCondition third = HitCondition.parse("3");
        assertFalse(third.stopsAt(2));
        assertTrue(third.stopsAt(3));
        assertFalse(third.stopsAt(4));
        assertTrue(HitCondition.parse(">= 2").stopsAt(5));
        assertFalse(HitCondition.parse("> 5").stopsAt(5));
        assertTrue(HitCondition.parse("%4").stopsAt(8));
        assertFalse(HitCondition.parse("% 4").stopsAt(6));
        assertEquals(null, HitCondition.parse(" "));
        assertTrue(problem(() -> HitCondition.parse("often")).contains("'often'"));
        assertTrue(problem(() -> HitCondition.parse("% 0")).contains("at least 1"));
    }

    @Test
    void dataIdsRoundTripAndRejectForeignIds() {
        DataId m = DataId.memory(0xfd0, 4);
        assertEquals("mem:0x00000fd0:4", m.format());
        assertEquals(m, DataId.parse(m.format()));
        assertEquals(DataId.global(3), DataId.parse("global:3"));
        assertTrue(problem(() -> DataId.parse("var:x")).contains("dataBreakpointInfo"));
        assertTrue(problem(() -> DataId.memory(0xFFFFFFFEL, 4)).contains("outside a 32-bit memory"));
    }
}
