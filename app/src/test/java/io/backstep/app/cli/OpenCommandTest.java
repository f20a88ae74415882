package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aMissingGtkSaysWhatToInstall() {
        CliException e = OpenCommand.toolkitFailure(new UnsupportedOperationException("Unable to load glass GTK library."));
        assertEquals(Cli.ERROR, e.status());
        assertTrue(e.getMessage().contains("apt-get install libgtk-3-0") && e.getMessage().contains("DISPLAY"), e.getMessage());
        assertTrue(OpenCommand.toolkitFailure(new RuntimeException(new UnsupportedOperationException("Unable to load glass GTK library")))
                != null, "also when wrapped");
        assertTrue(OpenCommand.toolkitFailure(new UnsupportedOperationException("Unable to open DISPLAY")).getMessage()
                .startsWith("cannot open the display"));
        assertNull(OpenCommand.toolkitFailure(new UnsupportedOperationException("something else")), "other failures stay as they are");
        assertNull(OpenCommand.toolkitFailure(new IllegalStateException("Unable to load glass GTK library")));
    }

    @Test
    void anUnreachableDisplayIsOneLine() throws Exception {
        // A real JavaFX start in a child JVM, on an X display with no server behind it.
        String display = ":4711";
        assumeFalse(Files.exists(Path.of("/tmp/.X11-unix/X4711")), "display " + display + " must not exist");
        ProcessBuilder pb = ChildCli.of();
        pb.environment().put("DISPLAY", display);
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(Cli.ERROR, p.exitValue(), stderr);
        // One line: JavaFX's own start-up warning is filtered out too.
        assertEquals("backstep: cannot open the display ':4711' (is an X server running there?); 'backstep run' needs no display\n",
                stderr);
    }
}
