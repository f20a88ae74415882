package io.backstep.recorder.recording;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.InterpreterWarmUp;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.journal.JournalMirror;
import io.backstep.recorder.journal.RecordKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Records a run of a WASI program into a journal: the header, a checkpoint every interval (full, or
 * incremental when that is cheaper), every WASI call's results, and how the run ended. Because any
 * step lies at most one interval after a checkpoint, the interval bounds how many instructions a
 * seek must replay.
 *
 * <p>The interval adapts to what the program writes ({@link IntervalPolicy}): it starts at
 * {@link Options#interval}, and a program that dirties much memory per instruction gets longer
 * intervals (up to {@link Options#stretchUpTo}), because a checkpoint costs what it captures and a
 * longer interval rewrites the same pages instead of capturing them again. The choice depends only on
 * the run's own writes, so the same program records the same checkpoints on any machine.
 */
public final class Recorder {
    /**
     * Default checkpoint interval. A checkpoint costs a few milliseconds whatever it captures (the
     * translated code's exit and re-entry, the digest, the record), so at the JIT tier's speed a shorter
     * interval makes recording much slower than running; navigation does not need it shorter, because
     * replay keeps its own states every {@code 2^20} steps (see docs/benchmarks.md, "Recording: long
     * intervals, kept replay states").
     */
    public static final long DEFAULT_INTERVAL = 1L << 23;
    /** Longest interval by default: what a program writing much memory is stretched to. */
    public static final long DEFAULT_MAX_INTERVAL = 8 * DEFAULT_INTERVAL;

    /** Recording options; all optional. */
    public static final class Options {
        long interval = DEFAULT_INTERVAL;
        long maxInterval = DEFAULT_MAX_INTERVAL;
        long maxSteps = Long.MAX_VALUE;
        OutputStream stdout = OutputStream.nullOutputStream();
        OutputStream stderr = OutputStream.nullOutputStream();
        InputStream stdin = InputStream.nullInputStream();
        LongConsumer progress = s -> { };
        Supplier<String> interruption = () -> null;
        JournalMirror mirror;

        public long maxSteps() {
            return maxSteps;
        }

        /** A fixed checkpoint interval of {@code steps} (no stretching; {@link #stretchUpTo} after this allows it again). */
        public Options interval(long steps) {
            if (steps <= 0) throw new IllegalArgumentException("interval must be positive");
            this.interval = steps;
            this.maxInterval = steps;
            return this;
        }

        /** Lets the interval grow up to {@code steps} while the program writes much memory (at least the interval). */
        public Options stretchUpTo(long steps) {
            if (steps < interval) throw new IllegalArgumentException("the longest interval must be at least the interval");
            this.maxInterval = steps;
            return this;
        }

        /** Stop recording (END kind STOPPED) after this many steps. */
        public Options maxSteps(long steps) {
            this.maxSteps = steps;
            return this;
        }

        /** Where the guest's output goes while recording (it is journaled either way). */
        public Options stdio(InputStream in, OutputStream out, OutputStream err) {
            this.stdin = in;
            this.stdout = out;
            this.stderr = err;
            return this;
        }

        /**
         * Called with the step count of each checkpoint once it is in the journal (so a crash after
         * it keeps that checkpoint), on the journal's thread.
         */
        public Options progress(LongConsumer progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Polled at every checkpoint: a non-null answer (why, e.g. "interrupted by SIGINT") stops the
         * recording there, ending it as INTERRUPTED with that reason.
         */
        public Options interruption(Supplier<String> why) {
            this.interruption = why;
            return this;
        }

        /** Gives every piece of the journal, as it is written, to {@code mirror} too (a bundle written while recording). */
        public Options mirror(JournalMirror mirror) {
            this.mirror = mirror;
            return this;
        }
    }

    private Recorder() {
    }

    /**
     * Runs {@code moduleBytes} under {@code config}, journaling into the new directory {@code dir},
     * and returns the recording opened for reading. Module errors surface as the engine's
     * ModuleException; link errors as LinkException.
     */
    public static Recording record(byte[] moduleBytes, RunConfig config, Path dir, Options options) {
        return record(Wasm.load(moduleBytes), config, dir, options);
    }

    /** As {@link #record(byte[], RunConfig, Path, Options)}, for a module the caller decoded already. */
    public static Recording record(CompiledModule module, RunConfig config, Path dir, Options options) {
        recordAndClose(module, config, dir, options);
        long t = RecordingTimes.start();
        Recording r = Recording.open(dir);
        RecordingTimes.add("recorder: open recording", t);
        return r;
    }

    /**
     * As {@link #record(CompiledModule, RunConfig, Path, Options)}, but the journal is only closed, not
     * opened for reading (which scans it): for callers that take the recording from a mirror
     * ({@link Options#mirror}). Returns how the run ended.
     */
    public static EndInfo recordAndClose(CompiledModule module, RunConfig config, Path dir, Options options) {
        try (Prepared recording = prepare(dir, options)) {
            return recording.recordAndClose(module, config);
        }
    }

    /**
     * Starts creating the journal in the new directory {@code dir} before the module is known, so that
     * Chronicle Queue's start-up (a few hundred milliseconds of a core, even warm) overlaps the caller's
     * decoding of the module instead of the program's first intervals; {@link Prepared#recordAndClose}
     * then records into it. Closing a recording never made closes its empty journal.
     */
    public static Prepared prepare(Path dir, Options options) {
        return new Prepared(dir, options);
    }

    /** A recording whose journal is being created while its module is loaded ({@link #prepare}). */
    public static final class Prepared implements AutoCloseable {
        private final Path dir;
        private final Options options;
        /** Until a recording takes it over. */
        private JournalWriter writer;

        private Prepared(Path dir, Options options) {
            this.dir = dir;
            this.options = options;
            this.writer = new JournalWriter(dir, options.mirror);
        }

        /** As {@link Recorder#recordAndClose}; once per preparation. */
        public EndInfo recordAndClose(CompiledModule module, RunConfig config) {
            if (writer == null) throw new IllegalStateException("this journal was recorded into already");
            JournalWriter w = writer;
            writer = null;
            long t;
            EndInfo end;
            try (Live live = start(module, config, dir, w, options)) {
                end = live.run(options.maxSteps);
                t = RecordingTimes.start();
            }
            RecordingTimes.add("recorder: close journal", t);
            return end;
        }

        @Override
        public void close() {
            if (writer != null) writer.close();
            writer = null;
        }
    }

    /**
     * Starts a recording that can be continued: the header and the first checkpoint are submitted
     * to the journal, the program is ready at step 0. {@link Live#run} records more, and when it
     * returns everything so far is in the journal; the journal stays open (and readable with
     * {@link Recording#open}) until {@link Live#close}.
     */
    public static Live start(byte[] moduleBytes, RunConfig config, Path dir, Options options) {
        return start(Wasm.load(moduleBytes), config, dir, options);
    }

    /** As {@link #start(byte[], RunConfig, Path, Options)}, for a module the caller decoded already. */
    public static Live start(CompiledModule module, RunConfig config, Path dir, Options options) {
        // Chronicle Queue's start-up (class loading, mapping the file: a second or more when cold)
        // overlaps the program's first intervals (and the warm-up, if any): the writer creates the
        // journal on its own thread, which appends everything after. A journal that cannot be created
        // fails the recording at the first append that finds the backlog full, or when the run ends.
        return start(module, config, dir, new JournalWriter(dir, options.mirror), options);
    }

    /** As {@link #start(CompiledModule, RunConfig, Path, Options)}, into a journal already being created; takes {@code writer} over. */
    private static Live start(CompiledModule module, RunConfig config, Path dir, JournalWriter writer, Options options) {
        long t;
        try {
            t = RecordingTimes.start();
            InterpreterWarmUp.ensure();
            RecordingTimes.add("recorder: warm-up", t);
            t = RecordingTimes.start();
            RecordingHeader header = RecordingHeader.create(module, config, options.interval);
            writer.append(RecordKind.HEADER, header::encode);
            Live live = new Live(dir, module, writer, options);
            live.begin(config);
            RecordingTimes.add("recorder: header, instantiate, cp 0", t);
            return live;
        } catch (RuntimeException | Error e) {
            try {
                writer.close();
            } catch (RuntimeException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    /**
     * A recording in progress, whose program is still live: recording can go on past the current end
     * (each {@link #run} appends checkpoints, WASI events and a new END record).
     */
    public static final class Live implements AutoCloseable {
        private final Path directory;
        private final CompiledModule module;
        private final JournalWriter journal;
        private final Options options;
        private WasiProgram program;
        private int wasiCount;
        private boolean firstRun = true;
        private IntervalPolicy intervals;
        private long lastCheckpointStep;
        private final FullOrIncremental kinds = new FullOrIncremental();
        /** The indexes of each interval (written chunks, function activity), counted from the previous checkpoint. */
        private IntervalIndexes indexes;

        Live(Path directory, CompiledModule module, JournalWriter journal, Options options) {
            this.directory = directory;
            this.module = module;
            this.journal = journal;
            this.options = options;
        }

        void begin(RunConfig config) {
            WasiConfig wasi = config.wasi().stdin(options.stdin).stdout(options.stdout).stderr(options.stderr).build();
            WasiHost host = WasiHost.live(wasi).listener(event -> {
                // The call instruction is step s+1, executed from state s = steps completed so far.
                long step = program == null ? 0 : program.machine().stepCount();
                byte[] payload = Records.wasi(step, event);
                journal.append(RecordKind.WASI, () -> payload);
                wasiCount++;
            });
            program = WasiProgram.instantiate(module, host);
            indexes = new IntervalIndexes(program.machine(), program.instance());
            program.start();
            checkpoint(true);
        }

        public Path directory() {
            return directory;
        }

        /** Whether the program can run further (the last run stopped on its step budget or was cancelled). */
        public boolean canContinue() {
            return program.machine().status() == Machine.Status.PAUSED;
        }

        /**
         * Records up to {@code maxSteps} more steps (stopping early at the program's end or when the
         * options' cancel flag is set at a checkpoint) and journals how this run ended.
         */
        public EndInfo run(long maxSteps) {
            return run(maxSteps, () -> false);
        }

        /** As {@link #run(long)}, also stopping at a checkpoint once {@code stopEarly} says so. */
        public EndInfo run(long maxSteps, BooleanSupplier stopEarly) {
            if (!canContinue()) throw new IllegalStateException("the program has ended");
            // The options' cancel flag belongs to the first run (the recording the user started);
            // later runs, which continue past the end, stop on their own flag only.
            boolean useCancel = firstRun;
            firstRun = false;
            Machine m = program.machine();
            long stopAt = maxSteps >= Long.MAX_VALUE - m.stepCount() ? Long.MAX_VALUE : m.stepCount() + maxSteps;
            while (true) {
                long steps = m.stepCount();
                long budget = Math.min(intervals().budgetFrom(steps), stopAt - steps);
                long t = RecordingTimes.start();
                Machine.StopReason r = budget <= 0 ? Machine.StopReason.BUDGET : m.run(budget);
                RecordingTimes.add("program: run", t);
                if (r == Machine.StopReason.BREAKPOINT) continue; // the recorder's code has no probes
                t = RecordingTimes.start();
                checkpoint(false);
                RecordingTimes.add("program: checkpoint capture", t);
                if (r == Machine.StopReason.BUDGET) {
                    String why = useCancel ? options.interruption.get() : null;
                    if (why != null) {
                        return end(EndInfo.Kind.INTERRUPTED, 0, why + " at step " + m.stepCount() + ", before the program ended");
                    }
                    if (m.stepCount() >= stopAt || stopEarly.getAsBoolean()) {
                        return end(EndInfo.Kind.STOPPED, 0, "recording stopped at step " + m.stepCount());
                    }
                    continue;
                }
                switch (r) {
                    case FINISHED:
                        return end(EndInfo.Kind.FINISHED, 0, "");
                    case TRAPPED:
                        return end(EndInfo.Kind.TRAPPED, -1, m.trap().getMessage());
                    default:
                        if (m.hostException() instanceof WasiExitException e) return end(EndInfo.Kind.EXITED, e.exitCode(), "");
                        return end(EndInfo.Kind.TRAPPED, -1, "host error: " + m.hostException().getMessage());
                }
            }
        }

        @Override
        public void close() {
            journal.close();
        }

        private void checkpoint(boolean forceFull) {
            Machine m = program.machine();
            Memory mem = program.instance().memory();
            int[] chunks = IntervalIndexes.writtenChunks(mem);
            intervals().ended(m.stepCount() - lastCheckpointStep, chunks.length);
            lastCheckpointStep = m.stepCount();
            boolean full = kinds.nextIsFull(forceFull);
            long t0 = RecordingTimes.start();
            long digest = StateDigest.of(m, program.instance());
            RecordingTimes.add("cp: digest", t0);
            long step = m.stepCount();
            int wasi = wasiCount;
            FunctionActivity activity = indexes.activity();
            // The snapshot streams into the record, a block at a time: the writer's thread deflates the
            // blocks (most of a checkpoint's cost) into journal pieces while this one captures the next
            // ones, and a memory of any size never needs one array (nor a copy) of the whole.
            JournalWriter.BlockStream out = journal.appendStreamed(RecordKind.CHECKPOINT,
                    record -> Records.checkpoint(record, step, full, wasi, digest, chunks, activity),
                    forceFull ? () -> { } : () -> options.progress.accept(step));
            long size;
            long t1 = RecordingTimes.start();
            try {
                size = Snapshot.capture(m, program.instance(), !full, out);
                RecordingTimes.add(full ? "cp: capture full" : "cp: capture incremental", t1);
            } catch (RuntimeException | Error e) {
                out.abandon(e); // a snapshot cut short must not be completed as if it were whole
                throw e;
            }
            out.close();
            // Full or incremental by raw snapshot sizes: the packed sizes are known only on the writer's thread.
            kinds.captured(full, size);
            if (mem != null) mem.clearDirty();
        }

        private IntervalPolicy intervals() {
            if (intervals == null) intervals = new IntervalPolicy(options.interval, options.maxInterval);
            return intervals;
        }

        private EndInfo end(EndInfo.Kind kind, int exitCode, String message) {
            EndInfo end = new EndInfo(program.machine().stepCount(), kind, exitCode, message);
            byte[] payload = Records.end(end);
            journal.append(RecordKind.END, () -> payload);
            long t = RecordingTimes.start();
            journal.drain(); // when a run returns, its records are in the journal
            RecordingTimes.add("program: wait for journal at end", t);
            return end;
        }
    }
}
