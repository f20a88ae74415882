package io.backstep.app.cli;

import io.backstep.engine.WasmException;
import io.backstep.engine.text.SafeText;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code backstep} command: dispatches subcommands. Every failure ends as one line on stderr and
 * an exit status (1 for bad input, 2 for bad usage, 134 for a guest trap), never a Java stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    /** Exit status for a trapped guest, as a native program killed by SIGABRT would report. */
    public static final int TRAP = 134;

    static final String HELP = """
            Usage: backstep <command> [options]

            Commands:
              open     Open the debugger window on a .wasm module or .bstrace recording
              run      Run a WebAssembly program (WASI command or exported function)
              record   Run a WASI program like 'run' and record it into a .bstrace file
              replay   Re-execute a recording without host access and verify it reproduces
              info     Show what a recording holds
              state    Show the machine state at a step of a recording
              query    Ask a recording who last wrote some memory
              trim     Write a smaller recording of only a window of steps
              clean    Remove the journals that killed runs left behind
              dap      Serve the Debug Adapter Protocol, for editors (VS Code, Neovim, ...)
              help     Show help for a command

            With no command, the debugger window opens on the bundled 'corruption' sample.
            Run 'backstep <command> --help' for the options of a command.
            """;

    private Cli() {
    }

    /** Runs the command line {@code args}; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                return OpenCommand.window(new String[0]);
            }
            ArgList a = new ArgList(List.of(args));
            String command = a.take();
            switch (command) {
                case "run":
                    return new RunCommand(out, err).execute(a);
                case "open":
                    return new OpenCommand(out).execute(a);
                case "record":
                    return new RecordCommand(out, err).execute(a);
                case "replay":
                    return new ReplayCommand(out, err).execute(a);
                case "info":
                    return new InfoCommand(out).execute(a);
                case "state":
                    return new StateCommand(out).execute(a);
                case "query":
                    return new QueryCommand(out).execute(a);
                case "trim":
                    return new TrimCommand(out).execute(a);
                case "clean":
                    return new CleanCommand(out).execute(a);
                case "dap":
                    return new DapCommand(out, err).execute(a);
                case "help":
                case "--help":
                case "-h":
                    if (a.hasNext()) return run(new String[] {a.take(), "--help"}, out, err);
                    out.print(HELP);
                    return OK;
                default:
                    throw new CliException(USAGE, "unknown command '" + command + "' (try 'backstep --help')");
            }
        } catch (CliException e) {
            // Escaped: messages may quote names from the module (exports, imports), and stay one line.
            err.println("backstep: " + SafeText.escape(e.getMessage()));
            return e.status();
        } catch (WasmException e) {
            // Typed engine/recorder errors that a command did not word itself: still one line.
            err.println("backstep: " + SafeText.escape(WasmException.describe(e)));
            return ERROR;
        } catch (OutOfMemoryError e) {
            err.println("backstep: out of memory (try a larger -Xmx)");
            return ERROR;
        } catch (RuntimeException e) {
            // A bug in Backstep: still one line, but say what it was so it can be reported.
            err.println("backstep: internal error: " + SafeText.escape(e.toString()));
            return ERROR;
        }
    }
}
