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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aFileAloneIsOpened() {
        // backstep FILE.wasm and backstep FILE.bstrace are backstep open FILE (the launcher picks the
        // window's class-data archive for them too); checked before any window starts.
        assertEquals(Cli.ERROR, run("no/such/file.bstrace"));
        assertEquals("backstep: no/such/file.bstrace: no such file\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.ERROR, run("no/such/file.wasm"));
        assertEquals("backstep: no/such/file.wasm: no such file\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.USAGE, run("a.wasm", "b.wasm"), "two files: open's own usage error");
        err.reset();
        assertEquals(Cli.USAGE, run("no/such/file.txt"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'no/such/file.txt'"), "other words are still commands");
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

    @Test
    void aWindowsFirstStartOnAMachinePrintsNothing(@TempDir Path home) throws Exception {
        // A real window (headless) in a child JVM whose Java preferences do not exist yet, as on a new
        // machine: the JDK logs "Created user preferences directory" when the window first reads its
        // recent files, which is no news for the user.
        Path errors = home.resolve("stderr.txt");
        Process p = ChildCli.of(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Dheadless.geometry=1600x1000-32", "-Djava.util.prefs.userRoot=" + home,
                "-Dbackstep.journals=" + home.resolve("journals")), "open", "--sample", "hello")
                .redirectError(errors.toFile()).redirectOutput(home.resolve("stdout.txt").toFile()).start();
        p.getOutputStream().close();
        Path prefs = home.resolve(".java");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(prefs) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        boolean created = Files.exists(prefs);
        Thread.sleep(1000); // anything logged with the creation is written by now
        p.destroy();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        String stderr = Files.readString(errors);
        assertTrue(created, "the window created its preferences (exit " + p.exitValue() + "): " + stderr + Files.readString(home.resolve("stdout.txt")));
        assertEquals("", stderr);
    }
}
