package io.backstep.app.cli;

import io.backstep.engine.source.SourceModel;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.ExternKind;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.bundle.BundleException;
import io.backstep.recorder.bundle.StreamedBundle;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RecordingTimes;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code backstep record}: runs a WASI command like {@code run} while recording it, then writes a .bstrace file. */
final class RecordCommand implements CliCommand {
    private static final Option INTERVAL = Option.value("--interval", "STEPS",
            "a fixed number of instructions between snapshots (default: " + Recorder.DEFAULT_INTERVAL + ", stretched\nup to " + Recorder.DEFAULT_MAX_INTERVAL + " while the program writes much memory)");

    private final PrintStream out;
    private final PrintStream err;

    RecordCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override public String name() { return "record"; }
    @Override public String summary() { return "Run a WASI program like 'run' and record it into a .bstrace file"; }
    @Override public List<Option> options() { return List.of(OutputFile.OPTION, ProgramArgs.DIR, ProgramArgs.ENV, INTERVAL); }
    @Override public OptionParser parser() { return OptionParser.optionsEndAtFile(options()); }

    @Override
    public String usage() {
        return """
            Usage: backstep record -o OUT.bstrace [--dir HOST[::GUEST]]... [--env NAME=VALUE]... FILE.wasm [ARGS...]

            Runs FILE.wasm exactly as 'backstep run' does (same output, same exit status, the same
            trap report) while recording every instruction's effects, then writes the recording
            to OUT.bstrace: one file holding the module, its arguments and environment, periodic
            snapshots and every WASI call's results. Open it with 'backstep replay', 'info',
            'state' and 'query', or in the debugger.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        ProgramArgs o = ProgramArgs.of(a);
        long interval = a.step(INTERVAL, -1);
        if (interval == 0) throw new CliException(Cli.USAGE, "--interval must be positive");
        Path target = OutputFile.check(a.required(OutputFile.OPTION), "-o");
        RecordingTimes.addSinceJvmStart("cli: JVM start to command");
        byte[] moduleBytes = RunCommand.read(o.file); // a missing file fails before any journal exists
        o.wasiConfig(); // the same checks of --dir and --env as run

        JournalStore store = JournalStore.standard();
        noteLeftovers(store);
        Path journal = store.create(JournalStore.Purpose.RECORDING);
        String kept = "the journal so far stays in " + journal.getParent() + " ('backstep info " + journal.getParent()
                + "' shows it, 'backstep trim " + journal.getParent() + " -o FILE.bstrace' saves it, 'backstep clean' removes it)";
        boolean keep = false;
        try (Interrupts interrupts = Interrupts.install(err, () -> kept); StreamedBundle bundle = startBundle(target)) {
            // The bundle is written as the journal is (on its thread), so only its manifest is left when the run ends.
            Recorder.Options options = (interval > 0 ? new Recorder.Options().interval(interval) : new Recorder.Options()).stdio(System.in, ConsoleStream.guestSink(out), ConsoleStream.guestSink(err))
                    .interruption(interrupts::reason).mirror(bundle);
            EndInfo end;
            // The journal is created (Chronicle Queue's start-up) while the module is decoded.
            try (Recorder.Prepared recording = Recorder.prepare(journal, options)) {
                long t = RecordingTimes.start();
                CompiledModule module = RunCommand.decode(o.file, moduleBytes);
                RecordingTimes.add("cli: load module", t);
                requireCommand(o.file, module);
                t = RecordingTimes.start();
                end = recording.recordAndClose(module, o.runConfig());
                RecordingTimes.add("cli: Recorder.recordAndClose", t);
            } catch (LinkException e) {
                throw new CliException(Cli.ERROR, o.file + ": cannot link: " + e.getMessage());
            } catch (TrapException e) {
                TrapReport.printWhileInstantiating(e.getMessage(), err);
                return Cli.TRAP;
            } catch (JournalException e) {
                keep = Files.exists(journal);
                throw new CliException(Cli.ERROR, "cannot record: " + e.getMessage() + (keep ? "; " + kept : ""));
            }
            try {
                long e = RecordingTimes.start();
                bundle.finish();
                RecordingTimes.add("cli: bundle finish", e);
            } catch (BundleException e) {
                keep = true;
                throw new CliException(Cli.ERROR, e.getMessage() + "; " + kept);
            }
            if (end.kind() == EndInfo.Kind.INTERRUPTED) {
                out.flush();
                err.println("backstep: " + end.message() + "; the recording so far is saved in " + target + " (marked interrupted)");
                return interrupts.status();
            }
            return status(end, journal);
        } finally {
            long r = RecordingTimes.start();
            if (!keep) store.release(journal);
            RecordingTimes.add("cli: release journal", r);
            RecordingTimes.addSinceJvmStart("cli: JVM start to end of command");
            RecordingTimes.print(err);
        }
    }

    /** Only WASI commands (a {@code _start} export) can be recorded. */
    private static void requireCommand(Path file, CompiledModule module) {
        boolean command = Arrays.stream(module.module().exports())
                .anyMatch(e -> e.kind() == ExternKind.FUNCTION && e.name().equals(WasiProgram.ENTRY));
        if (!command) {
            List<String> names = Arrays.stream(module.module().exports()).map(Export::name).toList();
            throw new CliException(Cli.ERROR, file + ": exports no _start function; only WASI commands can be recorded (exports: "
                    + String.join(", ", names) + ")");
        }
    }

    private static StreamedBundle startBundle(Path target) {
        try {
            return StreamedBundle.create(target);
        } catch (BundleException e) {
            throw new CliException(Cli.ERROR, e.getMessage());
        }
    }

    /** Recordings that an earlier killed run left behind are kept, and said once per recording command. */
    private void noteLeftovers(JournalStore store) {
        long n = store.leftovers().stream().filter(l -> l.purpose() == JournalStore.Purpose.RECORDING).count();
        if (n > 0) {
            err.println("backstep: note: " + n + " recording" + (n == 1 ? "" : "s") + " of killed runs kept in " + store.root()
                    + " ('backstep clean' lists and removes them)");
        }
    }

    /** The exit status and report 'run' would have given for the same ending ({@code journal}: the recording's, for a trap's frames). */
    private int status(EndInfo end, Path journal) {
        switch (end.kind()) {
            case FINISHED:
                return Cli.OK;
            case EXITED:
                return end.exitCode();
            case TRAPPED:
                if (end.message().startsWith("host error: ")) {
                    throw new CliException(Cli.ERROR, "the program was stopped: " + end.message().substring("host error: ".length()));
                }
                out.flush();
                // The recorder keeps no machine; the last recorded state has the trapping frames.
                try (Recording recording = Recording.open(journal); ReplayTimeline timeline = new ReplayTimeline(recording)) {
                    TrapReport.print(end.message(), timeline.seek(end.step()).frames(), SourceModel.of(timeline.module().module()), err);
                }
                return Cli.TRAP;
            default:
                throw new CliException(Cli.ERROR, "the recording ended unexpectedly: " + end.message());
        }
    }
}
