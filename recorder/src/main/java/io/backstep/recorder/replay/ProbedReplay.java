package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.WasmFunction;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The search engine under every navigation command: replay with a {@link ProbeSet}'s probes patched
 * into the replay machine's own code, so replay runs at full speed between them and stops just before
 * each one to look at the state.
 *
 * <p>Forward searches run from the current state to the first hit. Backward searches walk checkpoint
 * intervals from the current step towards 0, replaying windows of 1, 2, 4, ... intervals and keeping
 * the last hit, so a nearby hit costs one interval and a distant one about one replay of the distance.
 * Both skip (restore past, never replay) every interval in which nothing searched for can happen
 * ({@link ProbeSet#candidate}). Store probes are on only in the intervals that might write a watched
 * chunk.
 */
final class ProbedReplay {
    /** Replay is split into runs of at most this many steps, so a pause is noticed within milliseconds. */
    private static final long RUN = 1L << 20;
    /** Largest number of checkpoint intervals a backward search replays from one restore. */
    private static final int MAX_WINDOW = 64;
    /**
     * A forward search restores past at least this many intervals that need no replay, never fewer:
     * a restore costs about as much as replaying one or two intervals.
     */
    private static final int MIN_SKIP = 3;

    enum Outcome { DONE, STOPPED, ENDED, PAUSED }

    /** Where a search ended: a hit, or the end, the start or a pause ({@code kind}) at {@code step}. */
    record Found(Stop.Reason kind, Hit hit, long step) {
        static Found of(Hit h) {
            return new Found(null, h, h.step());
        }
    }

    private final ReplayControl replay;
    private WriteSites writeSites;

    ProbedReplay(ReplayControl replay) {
        this.replay = replay;
    }

    /** An empty set of probes for one search. */
    ProbeSet probes() {
        if (writeSites == null) writeSites = new WriteSites(replay.module());
        return new ProbeSet(replay, writeSites);
    }

    /** Adds the hits at the machine's current state {@code s} (in the order they would be reported). */
    void collect(ProbeSet q, long s, List<Hit> out) {
        Machine m = replay.machine();
        int depth = m.callDepth();
        if (depth == 0) return;
        FrameView top = m.frame(depth - 1);
        WasmFunction fn = top.function();
        CompiledFunction code = fn.code();
        int pc = top.pc();
        List<Probe> here = q.probes.get(Probe.key(code.index, pc));
        if (here != null) {
            for (Probe p : here) {
                if (p.depth() >= 0 && p.depth() != depth) continue;
                if (p.condition() != null && !p.condition().test(m, replay.instance())) continue;
                out.add(new Hit(s, p.reason(), p.id(), code.index, fn.displayName(), top.wasmOffset(), -1));
            }
        }
        if (s + 1 > replay.endStep()) return; // the instruction never completed (trap or end of recording)
        int op = code.opcodeAt(pc);
        if (q.hasMemory() && WriteSites.isMemoryWrite(code, pc, op)) {
            long[] r = WriteSites.range(m, code, pc, op);
            for (ProbeSet.Watched w : q.memory) {
                if (r[0] < w.hi() && w.lo() < r[1]) {
                    out.add(new Hit(s + 1, Stop.Reason.WATCHPOINT, w.id(), code.index, fn.displayName(), top.wasmOffset(), -1));
                }
            }
        }
        if (!q.globals.isEmpty() && (op == Op.GLOBAL_SET || op == Op.GLOBAL_SET_V128)) {
            int g = code.code[pc + 1];
            for (ProbeSet.WatchedGlobal w : q.globals) {
                if (w.index() == g) out.add(new Hit(s + 1, Stop.Reason.WATCHPOINT, w.id(), code.index, fn.displayName(), top.wasmOffset(), -1));
            }
        }
    }

    /**
     * Replays from the current state to state {@code to} (or the end, if earlier), handing the hits of
     * every probe stop to {@code sink} until it returns true. A probe stop at {@code skipStopAt} is
     * ignored (the caller handled that state).
     */
    Outcome sweep(ProbeSet q, long to, long skipStopAt, boolean pausable, Predicate<Hit> sink) {
        return sweep(q, to, skipStopAt, pausable, false, sink);
    }

    /** As {@link #sweep(ProbeSet, long, long, boolean, Predicate)}, keeping the coarse points it passes if {@code keepStates}. */
    Outcome sweep(ProbeSet q, long to, long skipStopAt, boolean pausable, boolean keepStates, Predicate<Hit> sink) {
        Machine m = replay.machine();
        Recording rec = replay.recording();
        List<Hit> found = new ArrayList<>();
        m.setIgnoreBreakpoints(false);
        try {
            while (true) {
                long s = m.stepCount();
                if (s >= to) return Outcome.DONE;
                if (skipAhead(q, s, to)) {
                    m.setIgnoreBreakpoints(false);
                    continue;
                }
                long limit = Math.min(to, s + RUN);
                if (q.hasMemory()) {
                    int k = rec.checkpointIndexAtOrBefore(s);
                    limit = Math.min(limit, Math.max(s + 1, replay.checkpointStep(k + 1)));
                    q.stores(q.mayWriteWatched(k));
                }
                Machine.StopReason r = replay.advance(limit - s, keepStates);
                if (r == Machine.StopReason.BREAKPOINT) {
                    long at = m.stepCount();
                    if (at != skipStopAt) {
                        found.clear();
                        collect(q, at, found);
                        for (Hit h : found) if (sink.test(h)) return Outcome.STOPPED;
                    }
                } else if (r != Machine.StopReason.BUDGET) {
                    return Outcome.ENDED;
                }
                if (pausable && replay.pauseRequested()) return Outcome.PAUSED;
            }
        } finally {
            m.setIgnoreBreakpoints(true);
        }
    }

    /**
     * If the interval holding state {@code s} and at least {@link #MIN_SKIP} - 1 after it cannot meet
     * anything {@code q} looks for, moves to the next interval that can (or to {@code to}) by restoring
     * instead of replaying, and returns true.
     */
    private boolean skipAhead(ProbeSet q, long s, long to) {
        Recording rec = replay.recording();
        int k = rec.checkpointIndexAtOrBefore(s);
        if (q.candidate(k)) return false;
        int n = rec.checkpoints().size();
        int j = k + 1;
        while (j < n && replay.checkpointStep(j) < to && !q.candidate(j)) j++;
        if (j - k < MIN_SKIP) return false;
        if (j < n && replay.checkpointStep(j) < to) replay.restore(j);
        else replay.moveTo(to);
        return true;
    }

    /** The first hit after the current state; the machine ends up anywhere at or after it. */
    Found forward(ProbeSet q) {
        return forward(q, Long.MAX_VALUE);
    }

    /** The first hit after the current state at or before state {@code bound}; the machine ends up anywhere after the current state. */
    Found forward(ProbeSet q, long bound) {
        Machine m = replay.machine();
        long c = m.stepCount();
        long end = replay.endStep();
        if (c >= end) return new Found(Stop.Reason.END, null, end);
        List<Hit> here = new ArrayList<>();
        // The instruction about to run may itself write: its probe may not stop (the machine could have
        // just stopped on it), so look at this state directly.
        collect(q, c, here);
        for (Hit h : here) if (h.step() > c && h.step() <= bound) return Found.of(h);
        Hit wasi = q.firstWasiAfter(c);
        if (wasi != null && wasi.step() > bound) wasi = null;
        long limit = wasi != null ? wasi.step() : bound < end ? bound + 1 : end;
        Hit[] first = new Hit[1];
        Outcome o = sweep(q, limit, c, true, h -> {
            if (h.step() <= c || h.step() > bound) return false;
            first[0] = h;
            return true;
        });
        if (o == Outcome.STOPPED) return Found.of(first[0]);
        long at = m.stepCount();
        if (o == Outcome.PAUSED) return new Found(Stop.Reason.PAUSED, null, at);
        if (at == end && end <= bound) {
            // The last state is never a probe stop (the trap or end comes first): look at it directly.
            here.clear();
            collect(q, end, here);
            for (Hit h : here) if (h.step() == end) return Found.of(h);
        }
        if (wasi != null && at == wasi.step()) return Found.of(wasi);
        return new Found(Stop.Reason.END, null, end);
    }

    /** The last hit with step < {@code bound}, searching backward interval by interval; a pause stops at or before {@code c}. */
    Found backward(ProbeSet q, long bound, long c, boolean pausable) {
        return backward(q, bound, c, pausable, 0);
    }

    /** As {@link #backward(ProbeSet, long, long, boolean)}, for hits at or after state {@code floor} only. */
    Found backward(ProbeSet q, long bound, long c, boolean pausable, long floor) {
        Recording rec = replay.recording();
        if (bound <= 0) return new Found(Stop.Reason.START, null, 0);
        int k = rec.checkpointIndexAtOrBefore(bound - 1);
        // Inside the bound's interval, first the windows between states kept in memory (coarse points),
        // nearest first and doubling: a hit close behind costs a short replay, not the whole interval.
        long searched = bound;
        if (q.candidate(k)) {
            long start = replay.checkpointStep(k);
            for (long cells = 1; searched > start && searched > floor; cells *= 2) {
                long lo = replay.keptAtOrBefore(Math.max(start, searched - cells * ReplayCache.COARSE));
                if (lo <= start) break; // from the checkpoint on, the interval windows below do it
                replay.moveTo(lo);
                Window w = lastHit(q, lo, searched, bound, floor, pausable);
                if (w.paused()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, searched));
                if (w.last() != null) return Found.of(w.last());
                if (pausable && replay.pauseRequested()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, lo));
                searched = lo;
            }
        }
        int size = 1;
        while (k >= 0 && replay.checkpointStep(k + 1) >= floor) {
            long from = replay.checkpointStep(k);
            long to = Math.min(searched, replay.checkpointStep(k + 1));
            if (from >= to) {
                k--;
                continue;
            }
            if (!q.candidate(k)) {
                // Nothing searched for ran or was written in this interval; only a WASI call could have written.
                Hit w = q.lastWasiIn(from, to, bound);
                if (w != null && w.step() >= floor) return Found.of(w);
                k--;
                if (pausable && replay.pauseRequested()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, from));
                continue;
            }
            int lo = k;
            while (lo > 0 && k - lo + 1 < size && q.candidate(lo - 1) && replay.checkpointStep(lo) > floor) lo--;
            replay.restore(lo);
            Window w = lastHit(q, replay.checkpointStep(lo), to, bound, floor, pausable);
            if (w.paused()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, to));
            if (w.last() != null) return Found.of(w.last());
            if (pausable && replay.pauseRequested()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, replay.checkpointStep(lo)));
            k = lo - 1;
            size = Math.min(size * 2, MAX_WINDOW);
        }
        return new Found(Stop.Reason.START, null, 0);
    }

    /** What replaying one window of a backward search found: its last hit (null: none), or that it was paused. */
    private record Window(boolean paused, Hit last) {
    }

    /**
     * Replays from the current state (at {@code from}) to {@code to} and returns the window's last hit
     * before {@code bound} and at or after {@code floor}, probe or WASI.
     */
    private Window lastHit(ProbeSet q, long from, long to, long bound, long floor, boolean pausable) {
        Hit[] last = new Hit[1];
        Outcome o = sweep(q, to, -1, pausable, true, h -> {
            if (h.step() < bound && h.step() >= floor && (last[0] == null || h.step() > last[0].step())) last[0] = h;
            return false;
        });
        if (o == Outcome.PAUSED) return new Window(true, null);
        Hit wasi = q.lastWasiIn(from, to, bound);
        if (wasi != null && wasi.step() >= floor && (last[0] == null || wasi.step() > last[0].step())) return new Window(false, wasi);
        return new Window(false, last[0]);
    }

    /** Runs a search from state {@code c} with its probes in place, then moves to what it found. */
    Stop run(ProbeSet q, Direction direction, long c) {
        Found f;
        try {
            q.install();
            f = direction == Direction.FORWARD ? forward(q) : backward(q, c, c, true);
        } finally {
            q.uninstall();
        }
        return arrive(f);
    }

    /** Moves to what a search found and says why the machine stopped there. */
    Stop arrive(Found f) {
        if (f.hit() != null) {
            Hit h = f.hit();
            replay.moveTo(h.step());
            if (h.reason() != Stop.Reason.STEP) return new Stop(h.reason(), h.step(), h.id());
            if (h.step() >= replay.endStep()) return replay.endStop();
            return h.step() == 0 ? start() : Stop.step(h.step());
        }
        return switch (f.kind()) {
            case END -> {
                replay.moveTo(replay.endStep());
                yield replay.endStop();
            }
            case PAUSED -> {
                replay.moveTo(f.step());
                yield new Stop(Stop.Reason.PAUSED, f.step(), -1);
            }
            default -> start();
        };
    }

    /** Moves to state 0 and says so. */
    Stop start() {
        replay.moveTo(0);
        return new Stop(Stop.Reason.START, 0, -1);
    }
}
