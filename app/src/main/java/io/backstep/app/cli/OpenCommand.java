package io.backstep.app.cli;

import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.Recording;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/** {@code backstep open [FILE.wasm|FILE.bstrace | --sample NAME]}: the debugger window. */
final class OpenCommand implements CliCommand {
    private static final Option SAMPLE = Option.value("--sample", "NAME", "open the bundled sample NAME (hello, fib, corruption, ...)");

    /**
     * Loggers whose lines a window start should not print: JavaFX's warns at every start that its classes
     * came from the class path, which the executable jar does on purpose (that line is filtered out so a
     * failure to start stays one line), and the JDK's preferences (recent files) say "Created user
     * preferences directory" at the first start on a machine. Held in fields because the logging
     * framework keeps loggers only weakly; in a class of their own because the logging framework's start
     * (some 20 ms) is for the window only, not for every command.
     */
    private static final class WindowLogs {
        static final Logger JAVAFX = Logger.getLogger("javafx");
        static final Logger PREFERENCES = Logger.getLogger("java.util.prefs");
    }

    private final PrintStream out;

    OpenCommand(PrintStream out) {
        this.out = out;
    }

    @Override public String name() { return "open"; }
    @Override public String summary() { return "Open the debugger window on a .wasm module or .bstrace recording"; }
    @Override public List<Option> options() { return List.of(SAMPLE); }

    @Override
    public String usage() {
        return """
            Usage: backstep open [FILE.wasm | FILE.bstrace | --sample NAME]

            Opens the debugger window. A .wasm module is recorded first (with the run
            configuration remembered for it); a .bstrace recording opens directly.
            Without a file the bundled 'corruption' sample is shown.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        if (a.has(SAMPLE)) {
            if (!a.positionals().isEmpty()) throw new CliException(Cli.USAGE, "open takes a FILE or --sample NAME, not both");
            String sample = a.value(SAMPLE);
            if (BundledSamples.find(sample) == null) throw new CliException(Cli.ERROR, "no bundled sample named '" + sample + "'");
            return window(new String[] {"--sample", sample});
        }
        if (a.positionals().isEmpty()) return window(new String[0]);
        Path given = Path.of(a.single("FILE", name()));
        Path file = Files.isDirectory(given) ? recordingDirectory(given) : InputFile.require(given);
        return window(new String[] {file.toAbsolutePath().toString()});
    }

    /** A journal directory (a recording a killed run left, or one saved as a directory), checked before the window opens. */
    private static Path recordingDirectory(Path dir) {
        try (Recording r = Recording.open(JournalStore.journalIn(dir))) {
            return dir;
        } catch (JournalException e) {
            throw new CliException(Cli.ERROR, e.getMessage());
        }
    }

    /** Opens the window (blocking until it closes); a missing display is reported as one line. */
    static int window(String[] args) {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !System.getProperty("os.name", "").toLowerCase().contains("win")
                && !System.getProperty("os.name", "").toLowerCase().contains("mac")
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new CliException(Cli.ERROR, "no display to open the window on (set DISPLAY, or use 'backstep run')");
        }
        WindowLogs.JAVAFX.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        WindowLogs.PREFERENCES.setLevel(java.util.logging.Level.WARNING);
        try {
            io.backstep.app.ui.DebuggerApp.launchWindow(args);
        } catch (RuntimeException e) {
            CliException said = toolkitFailure(e);
            throw said != null ? said : e;
        }
        return Cli.OK;
    }

    /**
     * JavaFX's failures to start its GTK toolkit (it reports them as UnsupportedOperationException),
     * worded as what to do about them; null for anything else.
     */
    static CliException toolkitFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!(t instanceof UnsupportedOperationException) || t.getMessage() == null) continue;
            if (t.getMessage().startsWith("Unable to load glass GTK library")) {
                return new CliException(Cli.ERROR, "the window needs GTK 3, which could not be loaded: install it"
                        + " (apt-get install libgtk-3-0) and run it on a display (DISPLAY set); 'backstep run' needs neither");
            }
            if (t.getMessage().startsWith("Unable to open DISPLAY")) {
                return new CliException(Cli.ERROR, "cannot open the display '" + System.getenv("DISPLAY")
                        + "' (is an X server running there?); 'backstep run' needs no display");
            }
        }
        return null;
    }
}
