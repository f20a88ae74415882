package io.backstep.app.cli;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.bundle.BundleException;
import io.backstep.recorder.bundle.Manifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code backstep trim}: a smaller recording holding only a window of steps, for a bug report. */
final class TrimCommand implements CliCommand {
    private final PrintStream out;

    TrimCommand(PrintStream out) {
        this.out = out;
    }

    private static final Option FROM = Option.value("--from", "STEP", "first step the window must contain (default: the start)");
    private static final Option TO = Option.value("--to", "STEP", "last step the window must contain (default: the end)");

    @Override public String name() { return "trim"; }
    @Override public String summary() { return "Write a smaller recording of only a window of steps"; }
    @Override public List<Option> options() { return List.of(FROM, TO, OutputFile.OPTION, RecordingArgs.JSON); }

    @Override
    public String usage() {
        return """
            Usage: backstep trim FILE.bstrace|JOURNALDIR [--from STEP] [--to STEP] -o OUT.bstrace [--json]

            Writes a recording of exactly the steps FROM..TO of FILE: replays FILE from its
            snapshot before FROM and takes new snapshots at FROM (a full one), at FILE's own
            snapshots in between and at TO, each checked against FILE where FILE has one, with
            the program's inputs between them and the module. Step numbers stay those of the
            original, so a step named in a bug report means the same moment in both files.
            Without --from and --to
            it writes the whole recording: 'backstep trim JOURNALDIR -o OUT.bstrace' saves a
            recording that a killed 'record' left behind.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        RecordingArgs o = RecordingArgs.of(a, name());
        long[] window = {a.step(FROM, -1), a.step(TO, -1)};
        Path target = OutputFile.check(a.required(OutputFile.OPTION), "-o");
        try (TraceFile t = TraceFile.open(o.file)) {
            if (target.toAbsolutePath().normalize().equals(t.file.toAbsolutePath().normalize())) {
                throw new CliException(Cli.USAGE, "the output would overwrite the input; choose another -o");
            }
            long end = t.recording.endStep();
            long first = t.recording.checkpoints().get(0).step();
            long from = window[0] < 0 ? first : window[0];
            long to = window[1] < 0 ? end : window[1];
            if (from < first || from > end) {
                throw new CliException(Cli.ERROR, "--from " + from + " is outside the recording (steps " + first + ".." + end + ")");
            }
            if (to < from) throw new CliException(Cli.USAGE, "--to " + to + " is before --from " + from);
            // What a window keeps is replayed and checked first: a trimmed copy of a recording that does
            // not reproduce would lose the evidence (the checkpoints before it) along with the steps.
            boolean whole = from == first && to >= end;
            if (!whole) t.timeline().verify(from, Math.min(to, end));
            Manifest m;
            try {
                m = whole ? Bundle.export(t.recording, target) : Bundle.export(t.recording, target, from, Math.min(to, end));
            } catch (BundleException e) {
                throw new CliException(Cli.ERROR, e.getMessage());
            }
            long bytes = size(target);
            if (o.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", target.toString());
                j.put("from", from);
                j.put("to", to);
                j.put("firstStep", m.firstStep());
                j.put("lastStep", m.steps());
                j.put("originalSteps", end);
                j.put("bytes", bytes);
                out.print(Json.write(j));
            } else {
                out.printf("wrote %s: steps %d..%d of %d (%d bytes)%n", target, m.firstStep(), m.steps(), end, bytes);
            }
            return Cli.OK;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
