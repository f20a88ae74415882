package io.backstep.app.cli;

import io.backstep.engine.WasmException;
import io.backstep.recorder.bundle.ReplayVerifier;
import java.io.PrintStream;

/** {@code backstep replay}: re-executes a recording without host access and checks it reproduces. */
final class ReplayCommand {
    static final String HELP = """
            Usage: backstep replay [-q] FILE.bstrace

            Re-executes the recorded program from its first snapshot with every WASI call answered
            from the recording (no files, clock, random numbers or terminal input are touched),
            prints the program's output again, and compares the machine state with the recorded
            state digest at every snapshot. Exit status 0 when the replay is identical, 1 with the
            first divergence (step, expected and actual digest) otherwise.

            Options:
              -q, --quiet   do not print the summary line (stderr)
              -h, --help    show this help
            """;

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(ArgList a) {
        boolean quiet = false;
        String file = null;
        while (a.hasNext()) {
            String w = a.take();
            if (w.equals("-h") || w.equals("--help")) {
                out.print(HELP);
                return Cli.OK;
            } else if (w.equals("-q") || w.equals("--quiet")) {
                quiet = true;
            } else if (w.startsWith("-")) {
                throw new CliException(Cli.USAGE, "unknown option " + w);
            } else if (file == null) {
                file = w;
            } else {
                throw new CliException(Cli.USAGE, "replay takes one FILE.bstrace");
            }
        }
        if (file == null) throw new CliException(Cli.USAGE, "missing FILE.bstrace (try --help)");
        try (TraceFile t = TraceFile.open(file)) {
            ReplayVerifier.Result r;
            try {
                r = ReplayVerifier.verify(t.recording, out, err);
            } catch (WasmException e) {
                throw new CliException(Cli.ERROR, file + ": cannot replay: " + e.getMessage());
            }
            out.flush();
            if (!r.identical()) {
                err.printf("backstep: replay diverged at step %d: expected digest 0x%016x, got 0x%016x%s%n", r.divergedAt(),
                        r.expectedDigest(), r.actualDigest(), r.detail() == null ? "" : " (" + r.detail() + ")");
                return Cli.ERROR;
            }
            if (!quiet) err.printf("backstep: replay identical: %d snapshots verified, %d steps%n", r.checkpointsVerified(), r.lastStep());
            return Cli.OK;
        }
    }
}
