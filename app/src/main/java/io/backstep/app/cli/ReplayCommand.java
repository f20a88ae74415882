package io.backstep.app.cli;

import io.backstep.engine.WasmException;
import io.backstep.recorder.bundle.ReplayVerifier;
import java.io.PrintStream;
import java.util.List;

/** {@code backstep replay}: re-executes a recording without host access and checks it reproduces. */
final class ReplayCommand implements CliCommand {
    private static final Option QUIET = Option.flag("--quiet", "do not print the summary line (stderr)").alias("-q");

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override public String name() { return "replay"; }
    @Override public String summary() { return "Re-execute a recording without host access and verify it reproduces"; }
    @Override public List<Option> options() { return List.of(QUIET); }

    @Override
    public String usage() {
        return """
            Usage: backstep replay [-q] FILE.bstrace

            Re-executes the recorded program from its first snapshot with every WASI call answered
            from the recording (no files, clock, random numbers or terminal input are touched),
            prints the program's output again, and compares the machine state with the recorded
            state digest at every snapshot. Exit status 0 when the replay is identical, 1 with the
            first divergence (step, expected and actual digest) otherwise.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        boolean quiet = a.has(QUIET);
        String file = a.single("FILE.bstrace", name());
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
