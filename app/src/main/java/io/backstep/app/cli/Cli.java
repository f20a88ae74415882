package io.backstep.app.cli;

import io.backstep.engine.WasmException;
import io.backstep.engine.text.SafeText;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code backstep} command: finds the subcommand in {@link Commands}, parses its words with its
 * declared options ({@link OptionParser}) and runs it. Every failure ends as one line on stderr and
 * an exit status (1 for bad input, 2 for bad usage, 134 for a guest trap), never a Java stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    /** Exit status for a trapped guest, as a native program killed by SIGABRT would report. */
    public static final int TRAP = 134;

    private Cli() {
    }

    /** Whether a first word is a module or recording to open ({@code backstep crash.bstrace}) rather than a command. */
    static boolean opensAFile(String word) {
        return !word.startsWith("-") && (word.endsWith(".wasm") || word.endsWith(".bstrace"));
    }

    private static String[] withOpen(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "open";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** Runs the command line {@code args}; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                return OpenCommand.window(new String[0]);
            }
            if (opensAFile(args[0])) args = withOpen(args); // backstep FILE.wasm, as backstep open FILE.wasm
            Commands commands = new Commands(out, err);
            boolean helpWord = args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h");
            if (helpWord && args.length == 1) {
                out.print(commands.overview());
                return OK;
            }
            String name = helpWord ? args[1] : args[0];
            CliCommand command = commands.find(name)
                    .orElseThrow(() -> new CliException(USAGE, "unknown command '" + name + "' (try 'backstep --help')"));
            ParsedArgs parsed = helpWord ? null : command.parser().parse(List.of(args).subList(1, args.length));
            if (parsed == null || parsed.helpAsked()) {
                out.print(command.help());
                return OK;
            }
            return command.execute(parsed);
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
