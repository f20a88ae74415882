package io.backstep.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** The registry of subcommands: dispatch and the top-level help both read this one list. */
final class Commands {
    private final List<CliCommand> all;

    Commands(PrintStream out, PrintStream err) {
        all = List.of(new OpenCommand(out), new RunCommand(out, err), new RecordCommand(out, err), new ReplayCommand(out, err),
                new InfoCommand(out), new StateCommand(out), new QueryCommand(out), new TrimCommand(out), new CleanCommand(out),
                new DapCommand(out, err));
    }

    Optional<CliCommand> find(String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@code backstep --help}. */
    String overview() {
        StringBuilder b = new StringBuilder("Usage: backstep <command> [options]\n\nCommands:\n");
        int width = Math.max("help".length(), all.stream().mapToInt(c -> c.name().length()).max().orElse(0)) + 3;
        for (CliCommand c : all) b.append("  ").append(c.name()).append(" ".repeat(width - c.name().length())).append(c.summary()).append('\n');
        b.append("  help").append(" ".repeat(width - 4)).append("Show help for a command\n");
        b.append("\nWith no command, the debugger window opens on the bundled '").append(io.backstep.app.ui.DebuggerApp.DEFAULT_SAMPLE).append("' sample.\n");
        b.append("A .wasm or .bstrace file alone ('backstep crash.bstrace') opens it in the window, as 'open' does.\n");
        b.append("Run 'backstep <command> --help' for the options of a command.\n");
        return b.toString();
    }
}
