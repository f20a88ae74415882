package io.backstep.recorder.replay;

import io.backstep.engine.Wasm;
import io.backstep.engine.WasmException;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.validate.FunctionCompiler;
import io.backstep.engine.wasi.ReplayDivergenceException;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.InconsistentRecordingException;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.replay.condition.Condition;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Marker;
import io.backstep.recorder.timeline.ModuleDescription;
import io.backstep.recorder.timeline.MemoryRange;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Timeline} over a {@link Recording}: any step is reached by restoring the checkpoint
 * before it and replaying forward, with WASI calls served from the journal (no host access). The
 * replay machine runs its own copy of the compiled module, so navigation can patch probes into it
 * without touching anyone else's code.
 */
public final class ReplayTimeline implements Timeline {
    private final List<Runnable> afterClose = new ArrayList<>();
    private Recording recording;
    private final CompiledModule module;
    private final ModuleDescription description;
    private final FunctionCompiler analysis;
    private WasiProgram program;
    private Machine machine;
    private Instance instance;
    private Navigator navigator;
    /** What navigation may do to this replay, and nothing more. */
    private final ReplayControl control = new ReplayControl() {
        @Override public Recording recording() { return recording; }
        @Override public Machine machine() { return machine; }
        @Override public Instance instance() { return instance; }
        @Override public CompiledModule module() { return module; }
        @Override public void restore(int index) { ReplayTimeline.this.restore(index); }
        @Override public void moveTo(long step) { ReplayTimeline.this.moveTo(step); }
        @Override public Machine.StopReason advance(long budget) { return ReplayTimeline.this.advance(budget); }
        @Override public boolean pauseRequested() { return pauseRequested; }
        @Override public Stop endStop() { return ReplayTimeline.this.endStop(); }
        @Override public Stop stepInto(Direction direction) { return ReplayTimeline.this.stepInto(direction); }
    };
    /** Bumped whenever the machine moves, so stale MachineState memory reads are detected. */
    private long generation;
    private MachineState state;
    private volatile boolean pauseRequested;

    public ReplayTimeline(Recording recording) {
        this(recording, null);
    }

    /**
     * A timeline over a recording whose program is still live in {@code live} (null if not):
     * commands that run forward past the recorded end record more of the run, as long as the
     * program has not ended.
     */
    public ReplayTimeline(Recording recording, Recorder.Live live) {
        this.module = Wasm.load(recording.header().module());
        this.description = ModuleDescription.of(module);
        io.backstep.engine.runtime.InterpreterWarmUp.ensure();
        this.analysis = new FunctionCompiler(module.module());
        this.live = live;
        attach(recording);
        restore(0);
        refresh();
    }

    /** Builds the replay program for {@code recording} (again, after the recording grew). */
    private void attach(Recording recording) {
        this.recording = recording;
        WasiConfig config = WasiConfig.builder().args(recording.header().config().args()).build();
        this.program = WasiProgram.instantiate(module, WasiHost.replay(config, recording.wasiEvents()));
        this.machine = program.machine();
        this.instance = program.instance();
        this.machine.setIgnoreBreakpoints(true);
        this.navigator = navigator == null ? new Navigator(control) : navigator.rebind();
        caches.clear();
    }

    private final Recorder.Live live;

    /** Whether forward commands at the end can record more of the program (it is live and has not ended). */
    public boolean canExtend() {
        return live != null && live.canContinue();
    }

    /**
     * Records up to {@code steps} more steps of the live program and re-reads the recording; the
     * timeline stays at its current step. Returns false if there is nothing more to record.
     */
    public boolean extend(long steps) {
        if (!canExtend()) return false;
        long at = machine.stepCount();
        live.run(steps, this::pauseRequested);
        Recording grown = Recording.open(live.directory());
        Recording old = recording;
        attach(grown);
        old.close();
        moveTo(at);
        refresh();
        return true;
    }

    /** How much a forward command records at a time when it runs past the end of a live recording. */
    static final long EXTEND_CHUNK = 16 * Recorder.DEFAULT_INTERVAL;

    // ---- core: restore and replay ----------------------------------------------------------

    Recording recording() {
        return recording;
    }

    Machine machine() {
        return machine;
    }

    Instance instance() {
        return instance;
    }

    /**
     * Restores checkpoint {@code index}: the full snapshot at or before it, then each incremental one
     * up to it, streamed from the journal. The state so built must have the checkpoint's recorded
     * digest (checked once per cached interval).
     */
    void restore(int index) {
        IntervalCache cache = cache(index);
        restored = false;
        if (cache.base == null) {
            List<Checkpoint> cps = recording.checkpoints();
            int full = index;
            while (!cps.get(full).full()) full--;
            for (int k = full; k <= index; k++) recording.restore(cps.get(k), machine, instance);
            if (!cache.verified && StateDigest.of(machine, instance) != cps.get(index).digest()) {
                throw new InconsistentRecordingException(cps.get(index).step(), "the snapshot there does not match its recorded digest");
            }
            cache.verified = true;
            // Materialise the chain once, if the state is small enough to keep: the next visit restores
            // one snapshot, in place. A bigger state is rebuilt from the journal each time.
            cache.base = captureWithin(baseLimit());
            if (cache.base != null) keepBasesWithinBudget(index);
        } else {
            Snapshot.restore(cache.base, machine, instance);
        }
        restored = true;
        program.host().replayPosition(recording.checkpoints().get(index).wasiIndex());
        generation++;
    }

    /**
     * False while a restore has not completed: a restore that failed half-way (a damaged journal) leaves
     * the machine in a mixed state, which only a new restore may move on from.
     */
    private boolean restored;

    /** Heap kept for cached checkpoint states (interval bases), all intervals together. */
    private static long cacheBudget() {
        return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    private static long baseLimit() {
        return cacheBudget() / 2;
    }

    /** A full snapshot of the current state, or null if it is larger than {@code limit} bytes. */
    private byte[] captureWithin(long limit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count + (long) len > limit) throw new TooLarge();
                super.write(b, off, len);
            }

            @Override
            public synchronized void write(int b) {
                if (count + 1L > limit) throw new TooLarge();
                super.write(b);
            }
        };
        try {
            Snapshot.capture(machine, instance, false, bytes);
        } catch (TooLarge e) {
            return null;
        }
        return bytes.toByteArray();
    }

    /** Ends a capture that would not fit the cache. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Drops the bases of the least recently used intervals (not {@code keep}'s) while they exceed the budget. */
    private void keepBasesWithinBudget(int keep) {
        long total = 0;
        for (IntervalCache c : caches.values()) total += c.base == null ? 0 : c.base.length;
        for (var e : caches.entrySet()) {
            if (total <= cacheBudget()) break;
            if (e.getKey() == keep || e.getValue().base == null) continue;
            total -= e.getValue().base.length;
            e.getValue().base = null;
        }
    }

    /**
     * Runs the replay machine for at most {@code budget} steps, never past the next checkpoint, and
     * checks what it reaches against the recording: the digest at every checkpoint, and that the run
     * stops (trap, exit, end, WASI divergence) only where and how the recording says it ended. Every
     * replay goes through here, so no answer is computed from a replay that left the recorded run.
     */
    Machine.StopReason advance(long budget) {
        long s = machine.stepCount();
        List<Checkpoint> cps = recording.checkpoints();
        int next = recording.checkpointIndexAtOrBefore(s) + 1; // the first checkpoint after s, if any
        long nextStep = next < cps.size() ? cps.get(next).step() : Long.MAX_VALUE;
        Machine.StopReason r = machine.run(Math.max(1, Math.min(budget, nextStep - s)));
        long at = machine.stepCount();
        if (r == Machine.StopReason.BUDGET || r == Machine.StopReason.BREAKPOINT) {
            if (at == nextStep && !endsHereUnfinished(at)) verifyCheckpointAt(at);
        } else {
            verifyEnd();
        }
        return r;
    }

    /** At the last step of a trapped or exited run, the digest belongs to the state after the final instruction. */
    private boolean endsHereUnfinished(long step) {
        EndInfo.Kind kind = recording.end().kind();
        return step == recording.endStep() && (kind == EndInfo.Kind.TRAPPED || kind == EndInfo.Kind.EXITED)
                && machine.status() == Machine.Status.PAUSED;
    }

    private void verifyCheckpointAt(long step) {
        int k = recording.checkpointIndexAtOrBefore(step);
        Checkpoint c = recording.checkpoints().get(k);
        if (c.step() == step && StateDigest.of(machine, instance) != c.digest()) {
            throw new InconsistentRecordingException(step, "the replayed state does not match the recorded digest");
        }
    }

    /** The machine stopped by itself: that must be the recorded ending, at the recorded step. */
    private void verifyEnd() {
        long at = machine.stepCount();
        if (machine.hostException() instanceof ReplayDivergenceException d) {
            throw new InconsistentRecordingException(at, d.getMessage());
        }
        EndInfo end = recording.end();
        EndInfo.Kind expected = switch (machine.status()) {
            case TRAPPED -> EndInfo.Kind.TRAPPED;
            case FINISHED -> EndInfo.Kind.FINISHED;
            default -> machine.hostException() instanceof WasiExitException ? EndInfo.Kind.EXITED : null;
        };
        if (expected == null) {
            String why = machine.hostException() == null ? machine.status().name().toLowerCase()
                    : WasmException.describe(machine.hostException());
            throw new InconsistentRecordingException(at, "the replay stopped (" + why + ")");
        }
        if (at != end.step() || expected != end.kind()) {
            throw new InconsistentRecordingException(at, "the replay ended (" + expected.name().toLowerCase()
                    + ") where the recording " + (at < end.step() ? "goes on to step " + end.step() : "ended at step " + end.step())
                    + " (" + end.kind().name().toLowerCase() + ")");
        }
        verifyCheckpointAt(at);
    }

    /** Grid spacing of the in-memory snapshots taken while replaying inside an interval. */
    static final long GRID = 1L << 16;
    private static final int CACHED_INTERVALS = 8;

    /**
     * What is cached for one checkpoint interval: the checkpoint's state as one full snapshot, and
     * incremental snapshots every {@link #GRID} steps, each relative to the one before it, with the
     * WASI position there. Stepping back then replays at most one grid cell, not a whole interval.
     */
    private static final class IntervalCache {
        byte[] base;
        boolean verified;
        final java.util.TreeMap<Long, byte[]> grid = new java.util.TreeMap<>();
        final java.util.Map<Long, Integer> wasi = new java.util.HashMap<>();
    }

    private final java.util.LinkedHashMap<Integer, IntervalCache> caches = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Integer, IntervalCache> eldest) {
            return size() > CACHED_INTERVALS;
        }
    };

    private IntervalCache cache(int checkpoint) {
        return caches.computeIfAbsent(checkpoint, k -> new IntervalCache());
    }

    /**
     * Restores the state at the last cached grid point at or before {@code target} in checkpoint
     * {@code cp}'s interval (or the checkpoint itself), then replays to {@code target}, caching the grid
     * points it passes.
     */
    private void restoreNear(int cp, long target) {
        restore(cp);
        IntervalCache cache = cache(cp);
        for (var e : cache.grid.headMap(target, true).entrySet()) {
            Snapshot.restore(e.getValue(), machine, instance);
            program.host().replayPosition(cache.wasi.get(e.getKey()));
        }
        io.backstep.engine.runtime.Memory mem = instance.memory();
        if (mem != null) mem.clearDirty();
        long next = (machine.stepCount() / GRID + 1) * GRID;
        long intervalEnd = cp + 1 < recording.checkpoints().size() ? recording.checkpoints().get(cp + 1).step() : recording.endStep();
        while (next <= target && next < intervalEnd && machine.status() == Machine.Status.PAUSED) {
            runForward(next);
            if (machine.stepCount() != next || machine.status() != Machine.Status.PAUSED) break;
            if (!cache.grid.containsKey(next)) {
                cache.grid.put(next, Snapshot.captureIncremental(machine, instance));
                cache.wasi.put(next, program.host().replayPosition());
            }
            if (mem != null) mem.clearDirty();
            next += GRID;
        }
    }

    /**
     * Moves the machine to exactly {@code target} by replay (ignoring probes), restoring a checkpoint
     * (or a cached grid point) first unless the machine can simply run forward a little.
     */
    void moveTo(long target) {
        target = Math.max(0, Math.min(target, recording.endStep()));
        long current = machine.stepCount();
        int cp = recording.checkpointIndexAtOrBefore(target);
        long cpStep = recording.checkpoints().get(cp).step();
        // Run forward when the target is in the current interval, or just past the next checkpoint (replaying
        // across it is cheaper than a restore, and checks that checkpoint against the replay).
        boolean forward = restored && current <= target && machine.status() == Machine.Status.PAUSED
                && (current >= cpStep || target - current <= GRID);
        if (forward && target - current > GRID) {
            // Far ahead in the same interval: a cached grid point nearer the target beats replaying.
            Long g = cache(cp).grid.floorKey(target);
            forward = g == null || g <= current;
        }
        if (!forward) restoreNear(cp, target);
        runForward(target);
        settleAtEnd();
        generation++;
    }

    /**
     * At the last step of a run that trapped or exited, the final instruction never completes (it is
     * not a step), so replay stops just before it. Executing it puts the machine in the recorded end
     * state (TRAPPED with the trap, or exited with the status) without changing the step.
     */
    private void settleAtEnd() {
        EndInfo.Kind kind = recording.end().kind();
        if (machine.stepCount() == recording.endStep() && machine.status() == Machine.Status.PAUSED
                && (kind == EndInfo.Kind.TRAPPED || kind == EndInfo.Kind.EXITED)) {
            advance(1);
        }
    }

    /** Replays forward to {@code target} (which must not be before the current step). */
    void runForward(long target) {
        machine.setIgnoreBreakpoints(true);
        while (machine.stepCount() < target) {
            Machine.StopReason r = advance(target - machine.stepCount());
            if (r != Machine.StopReason.BUDGET) break;
        }
    }

    void refresh() {
        long gen = generation;
        state = new ReplayState(machine, instance, analysis, gen, () -> generation);
    }

    boolean pauseRequested() {
        return pauseRequested;
    }

    void clearPause() {
        pauseRequested = false;
    }

    /**
     * Replays from the checkpoint at or before {@code fromStep} to {@code toStep} (clamped to the end),
     * checking every checkpoint, WASI call and output on the way ({@link InconsistentRecordingException}
     * at the first mismatch). The timeline stays at {@code toStep}.
     */
    public void verify(long fromStep, long toStep) {
        long to = Math.max(0, Math.min(toStep, recording.endStep()));
        restore(recording.checkpointIndexAtOrBefore(Math.max(0, Math.min(fromStep, to))));
        runForward(to);
        settleAtEnd();
        generation++;
        refresh();
    }

    /** State digest of the current step (determinism checks). */
    public long digest() {
        return StateDigest.of(machine, instance);
    }

    public Recording recordingInfo() {
        return recording;
    }

    // ---- Timeline ---------------------------------------------------------------------------

    @Override
    public ModuleDescription module() {
        return description;
    }

    /** The compiled module the replay runs (probes are patched into it): for recorder-level tools and tests. */
    public CompiledModule compiledModule() {
        return module;
    }

    @Override
    public long endStep() {
        return recording.endStep();
    }

    @Override
    public long currentStep() {
        return machine.stepCount();
    }

    @Override
    public MachineState state() {
        return state;
    }

    @Override
    public MachineState seek(long step) {
        moveTo(step);
        refresh();
        return state;
    }

    /** The stop for reaching the end of the recording. */
    Stop endStop() {
        EndInfo.Kind k = recording.end().kind();
        return new Stop(k == EndInfo.Kind.TRAPPED ? Stop.Reason.TRAP : Stop.Reason.END, machine.stepCount(), -1);
    }

    @Override
    public Stop stepInto(Direction direction) {
        long cur = machine.stepCount();
        if (direction == Direction.FORWARD && cur >= endStep() && canExtend()) extend(EXTEND_CHUNK);
        if (direction == Direction.FORWARD) {
            if (cur >= endStep()) return endStop();
            seek(cur + 1);
            return cur + 1 >= endStep() ? endStop() : Stop.step(cur + 1);
        }
        if (cur <= 0) return new Stop(Stop.Reason.START, 0, -1);
        seek(cur - 1);
        return cur - 1 == 0 ? new Stop(Stop.Reason.START, 0, -1) : Stop.step(cur - 1);
    }

    @Override
    public Stop stepOver(Direction direction) {
        clearPause();
        return finish(extending(direction, () -> navigator.stepOver(direction)));
    }

    @Override
    public Stop stepOut(Direction direction) {
        clearPause();
        return finish(extending(direction, () -> navigator.stepOut(direction)));
    }

    @Override
    public Stop resume(Direction direction) {
        clearPause();
        return finish(extending(direction, () -> navigator.resume(direction)));
    }

    @Override
    public Stop runTo(int functionIndex, int wasmOffset, Direction direction) {
        clearPause();
        return finish(extending(direction, () -> navigator.runTo(functionIndex, wasmOffset, direction)));
    }

    /**
     * Runs a forward command; when it reaches the end of a recording whose program is still live, the
     * recording grows by {@link #EXTEND_CHUNK} steps and the command goes on from where it stopped.
     */
    private Stop extending(Direction direction, java.util.function.Supplier<Stop> command) {
        if (direction == Direction.FORWARD && machine.stepCount() >= endStep() && canExtend()) extend(EXTEND_CHUNK);
        Stop stop = command.get();
        while (direction == Direction.FORWARD && stop.reason() == Stop.Reason.END && canExtend()) {
            if (pauseRequested()) return new Stop(Stop.Reason.PAUSED, machine.stepCount(), -1);
            extend(EXTEND_CHUNK);
            stop = command.get();
        }
        return stop;
    }

    private Stop finish(Stop stop) {
        clearPause();
        refresh();
        return stop;
    }

    @Override
    public void pause() {
        pauseRequested = true;
    }

    @Override
    public Breakpoint addBreakpoint(int functionIndex, int wasmOffset, String condition) {
        return navigator.points().addBreakpoint(functionIndex, wasmOffset, condition);
    }

    @Override
    public void removeBreakpoint(int id) {
        navigator.points().removeBreakpoint(id);
        navigator.hits().forget(id);
    }

    @Override
    public void setBreakpointEnabled(int id, boolean enabled) {
        navigator.points().setBreakpointEnabled(id, enabled);
    }

    @Override
    public List<Breakpoint> breakpoints() {
        return navigator.points().breakpoints();
    }

    @Override
    public List<Long> breakpointHits(int max) {
        List<Long> hits = navigator.hits().breakpointHits(max);
        refresh();
        return hits;
    }

    @Override
    public long hitCount(int id) {
        long n = navigator.hits().hitCount(id);
        refresh(); // counting replays, which invalidates the old state's memory view
        return n;
    }

    @Override
    public Watchpoint addMemoryWatchpoint(long address, int length) {
        return navigator.points().addMemoryWatchpoint(address, length);
    }

    @Override
    public Watchpoint addGlobalWatchpoint(int globalIndex) {
        return navigator.points().addGlobalWatchpoint(globalIndex);
    }

    @Override
    public void removeWatchpoint(int id) {
        navigator.points().removeWatchpoint(id);
    }

    @Override
    public void setWatchpointEnabled(int id, boolean enabled) {
        navigator.points().setWatchpointEnabled(id, enabled);
    }

    @Override
    public List<Watchpoint> watchpoints() {
        return navigator.points().watchpoints();
    }

    @Override
    public Optional<WriteInfo> lastWrite(long address, int length, long beforeStep) {
        Optional<WriteInfo> r = navigator.lastWrite(address, length, beforeStep);
        refresh();
        return r;
    }

    @Override
    public Value evaluate(String expression, int depth) {
        int frames = machine.callDepth();
        if (depth < 0 || depth >= frames) {
            throw new IllegalArgumentException(frames == 0 ? "there is no frame to evaluate in (the program has finished)"
                    : "there is no frame " + depth + " (the call stack has " + frames + ")");
        }
        FrameView frame = machine.frame(depth);
        Condition c = Condition.parse(expression, frame.function().code(), module.module());
        try {
            return c.value(machine, instance, frame.base());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + expression + "' divides by zero here");
        }
    }

    @Override
    public String console(long step) {
        return recording.console(step);
    }

    @Override
    public List<Marker> markers() {
        List<Marker> out = new ArrayList<>();
        List<WasiEvent> events = recording.wasiEvents();
        for (int i = 0; i < events.size(); i++) {
            WasiEvent e = events.get(i);
            byte[] output = e.output();
            boolean isOutput = output != null && output.length > 0;
            out.add(new Marker(recording.wasiStep(i), isOutput ? Marker.Kind.OUTPUT : Marker.Kind.WASI_CALL, e.functionName()));
        }
        EndInfo end = recording.end();
        Marker.Kind kind = switch (end.kind()) {
            case TRAPPED -> Marker.Kind.TRAP;
            case EXITED -> Marker.Kind.EXIT;
            default -> Marker.Kind.END;
        };
        out.add(new Marker(end.step(), kind, end.kind() == EndInfo.Kind.TRAPPED ? "trap: " + end.message()
                : end.kind() == EndInfo.Kind.EXITED ? "exit " + end.exitCode() : end.kind().name().toLowerCase()));
        return out;
    }

    @Override
    public long journalBytes() {
        return recording.journalBytes();
    }

    @Override
    public List<MemoryRange> inputLoads() {
        return new InputOrigins(this).ofCurrentInstruction();
    }

    /** Runs {@code action} after the timeline is closed (e.g. to delete a temporary journal); returns this timeline. */
    public ReplayTimeline whenClosed(Runnable action) {
        afterClose.add(action);
        return this;
    }

    @Override
    public void close() {
        try {
            if (live != null) live.close();
            recording.close();
        } finally {
            for (Runnable r : afterClose) r.run();
            afterClose.clear();
        }
    }
}
