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
        @Override public long keptAtOrBefore(long step) { return nearestKept(recording.checkpointIndexAtOrBefore(step), step); }
        @Override public Machine.StopReason advance(long budget, boolean keepStates) { return ReplayTimeline.this.advance(budget, keepStates); }
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
        cache.clear();
        chainAt = -1;
        lastCellRestored = -1;
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
    static final long EXTEND_CHUNK = 1L << 25;

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
        Checkpoint cp = recording.checkpoints().get(index);
        ReplayCache.Interval kept = cache.interval(index);
        if (kept.base != null) {
            restoreKept(kept.base, cp.wasiIndex(), cp.step());
            return;
        }
        restored = false;
        chainAt = -1;
        recording.restoreChain(index, machine, instance);
        if (!kept.verified && StateDigest.of(machine, instance) != cp.digest()) {
            throw new InconsistentRecordingException(cp.step(), "the snapshot there does not match its recorded digest");
        }
        kept.verified = true;
        // Materialise the chain once, if the state is small enough to keep: the next visit restores
        // one snapshot, in place. A bigger state is rebuilt from the journal each time.
        byte[] base = captureWithin(cache.budget() / 2);
        if (base != null) cache.putBase(index, base);
        arrived(cp.wasiIndex(), cp.step());
    }

    /** Restores a state kept in memory (no replay): {@code snapshot}, taken at {@code step} with WASI position {@code wasi}. */
    private void restoreKept(byte[] snapshot, int wasi, long step) {
        restored = false;
        chainAt = -1;
        Snapshot.restore(snapshot, machine, instance);
        arrived(wasi, step);
    }

    /** A restore is complete, at {@code step} (a checkpoint or a coarse point): written-chunk flags count from here. */
    private void arrived(int wasi, long step) {
        restored = true;
        program.host().replayPosition(wasi);
        startChainAt(step);
        generation++;
    }

    /**
     * The step of the last coarse point (or checkpoint) the memory's written-chunk flags count from, so
     * that the next coarse point can be captured as an incremental snapshot relative to it; -1 when they
     * count from anywhere else (nothing is captured then until the next restore or checkpoint).
     */
    private long chainAt = -1;

    /** The machine is at a checkpoint or coarse point: written-chunk flags count from here. */
    private void startChainAt(long step) {
        io.backstep.engine.runtime.Memory mem = instance.memory();
        if (mem != null) mem.clearDirty();
        chainAt = step;
    }

    /**
     * False while a restore has not completed: a restore that failed half-way (a damaged journal) leaves
     * the machine in a mixed state, which only a new restore may move on from.
     */
    private boolean restored;

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

    /**
     * Runs the replay machine for at most {@code budget} steps, never past the next checkpoint, and
     * checks what it reaches against the recording: the digest at every checkpoint, and that the run
     * stops (trap, exit, end, WASI divergence) only where and how the recording says it ended. Every
     * replay goes through here, so no answer is computed from a replay that left the recorded run.
     */
    Machine.StopReason advance(long budget) {
        return advance(budget, true);
    }

    /**
     * As {@link #advance(long)}; with {@code keepStates} false no coarse point is kept on the way (a
     * search sweeping far ahead, or over the whole recording, would only churn the cache).
     */
    Machine.StopReason advance(long budget, boolean keepStates) {
        long s = machine.stepCount();
        List<Checkpoint> cps = recording.checkpoints();
        int next = recording.checkpointIndexAtOrBefore(s) + 1; // the first checkpoint after s, if any
        long nextStep = next < cps.size() ? cps.get(next).step() : Long.MAX_VALUE;
        long run = Math.min(budget, nextStep - s);
        // While the written-chunk flags count from the last coarse point, stop at the next one to keep it.
        long coarse = chainAt >= 0 ? (s / ReplayCache.COARSE + 1) * ReplayCache.COARSE : Long.MAX_VALUE;
        if (!keepStates && coarse < Math.min(nextStep, s + Math.max(1, run))) {
            chainAt = -1; // passing it without keeping it: the flags no longer count from a kept point
            coarse = Long.MAX_VALUE;
        }
        if (coarse < nextStep) run = Math.min(run, coarse - s);
        Machine.StopReason r = machine.run(Math.max(1, run));
        long at = machine.stepCount();
        if (r == Machine.StopReason.BUDGET || r == Machine.StopReason.BREAKPOINT) {
            if (at == nextStep && !endsHereUnfinished(at)) {
                verifyCheckpointAt(at);
                startChainAt(at);
            } else if (at == coarse && machine.status() == Machine.Status.PAUSED) {
                keepCoarsePoint(next - 1, at);
            }
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

    /** States kept in memory for seeks (checkpoint bases, coarse and fine points). */
    private final ReplayCache cache = new ReplayCache(ReplayCache.defaultBudget());

    /** The machine is at coarse point {@code step} of interval {@code cp}, the chain unbroken: keeps it. */
    private void keepCoarsePoint(int cp, long step) {
        long cpStep = recording.checkpoints().get(cp).step();
        ReplayCache.Interval c = cache.peek(cp);
        long previous = step - ReplayCache.COARSE;
        // A coarse point is relative to the one before it: kept only if that one is (or is the checkpoint).
        boolean linked = chainAt == Math.max(cpStep, previous) && (previous <= cpStep || c != null && c.coarse.containsKey(previous));
        if (!linked) {
            chainAt = -1;
            return;
        }
        if (c == null || !c.coarse.containsKey(step)) {
            ReplayCache.Point p = new ReplayCache.Point(Snapshot.captureIncremental(machine, instance), program.host().replayPosition());
            if (!cache.putCoarse(cp, step, p)) {
                chainAt = -1;
                return;
            }
        }
        startChainAt(step);
    }

    /** The cell the last restore without an anchor went to (-1: none). */
    private long lastCellRestored = -1;

    /** The nearest state at or before {@code target} that interval {@code cp}'s cache can restore without replay. */
    private long nearestKept(int cp, long target) {
        long best = recording.checkpoints().get(cp).step();
        ReplayCache.Interval c = cache.peek(cp);
        if (c == null) return best;
        Long coarse = c.coarse.floorKey(target);
        if (coarse != null) best = coarse;
        var fine = c.fine.get(best);
        Long f = fine == null ? null : fine.floorKey(target);
        return f != null ? f : best;
    }

    /**
     * Restores the nearest kept state at or before {@code target} in checkpoint {@code cp}'s interval
     * (the checkpoint, the coarse chain up to the target's cell, and a fine point in that cell), replaying
     * what is missing of the coarse chain first, then replays towards {@code target}, keeping the fine
     * points of the cell it passes.
     */
    private void restoreNear(int cp, long target) {
        long cpStep = recording.checkpoints().get(cp).step();
        long cell = Math.max(cpStep, target / ReplayCache.COARSE * ReplayCache.COARSE);
        ReplayCache.Interval c = cache.interval(cp);
        ReplayCache.Point anchor = c.anchors.get(cell);
        if (anchor != null) {
            restoreKept(anchor.snapshot(), anchor.wasi(), cell);
        } else {
            restore(cp);
            for (var e : c.coarse.headMap(target, true).entrySet()) restoreKept(e.getValue().snapshot(), e.getValue().wasi(), e.getKey());
            if (machine.stepCount() < cell) runForward(cell); // keeps the coarse points on the way
            if (machine.stepCount() != cell || machine.status() != Machine.Status.PAUSED) return;
            // (Not for a state too big to keep: its base, a snapshot of the same size, was not kept either.)
            if (cell > cpStep && cell == lastCellRestored && c.base != null && c.base.length <= cache.budget() / 8) {
                // A second seek into this cell: more usually follow (stepping back, reverse stepping), and
                // each then restores one snapshot. A first seek does not pay for it (scrubbing, random seeks).
                byte[] full = captureWithin(cache.budget() / 8);
                if (full != null) cache.putAnchor(cp, cell, new ReplayCache.Point(full, program.host().replayPosition()));
            }
            lastCellRestored = cell;
        }
        if (machine.stepCount() != cell || machine.status() != Machine.Status.PAUSED) return;
        var fine = c.fine.get(cell);
        var near = fine == null ? null : fine.floorEntry(target);
        if (near != null) {
            // Relative to the cell's start: the flags then hold what was written since that start, as before.
            Snapshot.restore(near.getValue().snapshot(), machine, instance);
            program.host().replayPosition(near.getValue().wasi());
        }
        long intervalEnd = cp + 1 < recording.checkpoints().size() ? recording.checkpoints().get(cp + 1).step() : recording.endStep();
        long cellEnd = Math.min(intervalEnd, (cell / ReplayCache.COARSE + 1) * ReplayCache.COARSE);
        long next = (machine.stepCount() / ReplayCache.FINE + 1) * ReplayCache.FINE;
        while (next <= target && next < cellEnd && machine.status() == Machine.Status.PAUSED) {
            runForward(next);
            if (machine.stepCount() != next || machine.status() != Machine.Status.PAUSED || chainAt != cell) break;
            // Not clearing the flags: fine points count from the cell's start, and so does its next coarse point.
            cache.putFine(cp, cell, next, new ReplayCache.Point(Snapshot.captureIncremental(machine, instance), program.host().replayPosition()));
            next += ReplayCache.FINE;
        }
    }

    /**
     * Moves the machine to exactly {@code target} by replay (ignoring probes), restoring a checkpoint
     * (or a kept state) first unless running forward from the current step is shorter.
     */
    void moveTo(long target) {
        target = Math.max(0, Math.min(target, recording.endStep()));
        long current = machine.stepCount();
        int cp = recording.checkpointIndexAtOrBefore(target);
        // Run forward when nothing kept is nearer the target, or when the target is just ahead (even past the
        // next checkpoint: replaying across it is cheaper than a restore, and checks that checkpoint).
        boolean forward = restored && current <= target && machine.status() == Machine.Status.PAUSED
                && (target - current <= ReplayCache.FINE || current >= nearestKept(cp, target));
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
        runForward(target, true);
    }

    /** As {@link #runForward(long)}, keeping the coarse points on the way if {@code keepStates}. */
    private void runForward(long target, boolean keepStates) {
        machine.setIgnoreBreakpoints(true);
        while (machine.stepCount() < target) {
            Machine.StopReason r = advance(target - machine.stepCount(), keepStates);
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
        runForward(to, false);
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

    /** Step over a call, stopping for nothing but its end (line stepping looks for the user's stops itself). */
    Stop stepOverPlain(Direction direction) {
        return finish(extending(direction, () -> navigator.stepOver(direction, false)));
    }

    /** Step out, stopping for nothing but its end (line stepping looks for the user's stops itself). */
    Stop stepOutPlain(Direction direction) {
        return finish(extending(direction, () -> navigator.stepOut(direction, false)));
    }

    /** See {@link Navigator#userStopBetween}; the state is refreshed when there is a stop. */
    Stop userStopBetween(long from, long to, Direction direction) {
        Stop s = navigator.userStopBetween(from, to, direction);
        if (s != null) refresh();
        return s;
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
