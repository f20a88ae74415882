package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.input.PreopenSpec;
import io.backstep.recorder.recording.RunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HOST and HOST::GUEST, and the specs that name no directory (they used to preopen the current one). */
class PreopenSpecTest {
    @Test
    void hostAloneKeepsItsPathInTheGuest() {
        assertEquals(new RunConfig.Preopen("data", "data"), PreopenSpec.parse("data"));
        assertEquals(new RunConfig.Preopen("/tmp/x", "/tmp/x"), PreopenSpec.parse("/tmp/x"));
    }

    @Test
    void hostAndGuestSplitAtTheFirstSeparator() {
        assertEquals(new RunConfig.Preopen("/tmp/x", "/data"), PreopenSpec.parse("/tmp/x::/data"));
        assertEquals(new RunConfig.Preopen("here", "."), PreopenSpec.parse("here::."));
        assertEquals(new RunConfig.Preopen("a", "b::c"), PreopenSpec.parse("a::b::c"));
    }

    @Test
    void specsNamingNoDirectoryAreRefused() {
        assertEquals("'' names no directory", assertThrows(PreopenSpec.InvalidException.class, () -> PreopenSpec.parse("")).getMessage());
        assertEquals("'::/x' has no host directory before '::'",
                assertThrows(PreopenSpec.InvalidException.class, () -> PreopenSpec.parse("::/x")).getMessage());
        assertEquals("'/tmp::' has no guest path after '::'",
                assertThrows(PreopenSpec.InvalidException.class, () -> PreopenSpec.parse("/tmp::")).getMessage());
        assertEquals("'::' has no host directory before '::'",
                assertThrows(PreopenSpec.InvalidException.class, () -> PreopenSpec.parse("::")).getMessage());
        assertThrows(PreopenSpec.InvalidException.class, () -> PreopenSpec.parse("a\0b"));
    }

    @Test
    void commandLineRefusesThemAsUsageErrors(@TempDir Path dir) {
        for (String spec : List.of("", "::/x", dir + "::", "::")) {
            for (String command : List.of("run", "record")) {
                List<String> args = command.equals("run") ? List.of("run", "--dir", spec, "hello")
                        : List.of("record", "-o", dir.resolve("x.bstrace").toString(), "--dir", spec, "hello");
                CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
                assertEquals(Cli.USAGE, r.status(), command + " --dir '" + spec + "'");
                assertEquals("", r.out(), "the program did not run");
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().startsWith("backstep: --dir '"), r.err());
            }
        }
        assertEquals("backstep: --dir '' names no directory\n", CliTestSupport.run("run", "--dir=", "hello").err());
        assertEquals("backstep: --dir '::/x' has no host directory before '::'\n", CliTestSupport.run("run", "--dir", "::/x", "hello").err());
    }

    @Test
    void theWindowsRunConfigurationUsesTheSameParser() {
        io.backstep.app.ui.RunSettings config = new io.backstep.app.ui.RunSettings(List.of(), java.util.Map.of(), List.of("a::/b", "c"));
        assertEquals(List.of(new RunConfig.Preopen("a", "/b"), new RunConfig.Preopen("c", "c")), config.preopens());
        io.backstep.app.ui.RunSettings bad = new io.backstep.app.ui.RunSettings(List.of(), java.util.Map.of(), List.of("::/b"));
        assertThrows(PreopenSpec.InvalidException.class, bad::preopens);
    }
}
