package io.backstep.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code backstep open [FILE.wasm|FILE.bstrace | --sample NAME]}: the debugger window. */
final class OpenCommand {
    static final String HELP = """
            Usage: backstep open [FILE.wasm | FILE.bstrace | --sample NAME]

            Opens the debugger window. A .wasm module is recorded first (with the run
            configuration remembered for it); a .bstrace recording opens directly.
            Without a file the bundled 'corruption' sample is shown.
            """;

    private final PrintStream out;

    OpenCommand(PrintStream out) {
        this.out = out;
    }

    int execute(ArgList a) {
        if (!a.hasNext()) return window(new String[0]);
        String first = a.take();
        if (first.equals("--help") || first.equals("-h")) {
            out.print(HELP);
            return Cli.OK;
        }
        if (first.equals("--sample")) {
            if (!a.hasNext()) throw new CliException(Cli.USAGE, "--sample needs a sample name");
            String name = a.take();
            if (BundledSamples.find(name) == null) throw new CliException(Cli.ERROR, "no bundled sample named '" + name + "'");
            return window(new String[] {"--sample", name});
        }
        if (a.hasNext()) throw new CliException(Cli.USAGE, "open takes one file (try 'backstep open --help')");
        Path file = InputFile.require(Path.of(first));
        return window(new String[] {file.toAbsolutePath().toString()});
    }

    /** Opens the window (blocking until it closes); a missing display is reported as one line. */
    static int window(String[] args) {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !System.getProperty("os.name", "").toLowerCase().contains("win")
                && !System.getProperty("os.name", "").toLowerCase().contains("mac")
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new CliException(Cli.ERROR, "no display to open the window on (set DISPLAY, or use 'backstep run')");
        }
        io.backstep.app.ui.DebuggerApp.launchWindow(args);
        return Cli.OK;
    }
}
