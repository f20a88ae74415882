package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.WasmFunction;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Navigation commands over a {@link ReplayTimeline}: stepping over and out in both directions,
 * continuing to breakpoints and watchpoints, run-to, hit counts and the last-write query.
 *
 * <p>Everything is one mechanism: a {@link Search} names instructions of interest (breakpoints, the
 * return point of a step, memory- and global-writing instructions); they get probes patched into the
 * replay machine's own code, so replay runs at full speed between them and stops just before each
 * one to look at the state. Forward searches run from the current state to the first hit. Backward
 * searches walk checkpoint intervals from the current step towards 0, replaying windows of 1, 2, 4, ...
 * intervals and keeping the last hit, so a nearby hit costs one interval and a distant one about one
 * replay of the distance. Both directions skip (restore past, never replay) every interval in which
 * nothing searched for can happen: the journal says, per interval, which 4 KiB chunks were written
 * ({@link Checkpoint#writtenChunks}) and which functions ran ({@link Checkpoint#activity}), so an
 * interval is replayed only if it wrote a watched chunk or ran a function holding a probed
 * instruction (a breakpoint, a step target, a write of a watched global). Store probes are on only in
 * the intervals that might write a watched chunk; WASI calls' writes come from the journal without
 * replay.
 *
 * <p>Hits: a breakpoint is hit at the state where its instruction is next (before it executes); a
 * write is reported at the state right after the writing instruction or WASI call.
 */
final class Navigator {
    /** Replay is split into runs of at most this many steps, so a pause is noticed within milliseconds. */
    private static final long CHUNK = 1L << 20;
    /** Largest number of checkpoint intervals a backward search replays from one restore. */
    private static final int MAX_WINDOW = 64;
    /**
     * A forward search restores past at least this many intervals that need no replay, never fewer:
     * a restore costs about as much as replaying one or two intervals.
     */
    private static final int MIN_SKIP = 3;

    private final ReplayTimeline timeline;
    private final Map<Integer, Breakpoint> breakpoints = new LinkedHashMap<>();
    private final Map<Integer, Site> breakpointSites = new HashMap<>();
    private final Map<Integer, Watchpoint> watchpoints = new LinkedHashMap<>();
    private final Map<Integer, HitCache> hitCaches = new HashMap<>();
    private WriteSites writeSites;
    private int nextId = 1;

    Navigator(ReplayTimeline timeline) {
        this.timeline = timeline;
    }

    // ---- what searches are made of -------------------------------------------------------------

    /** A probed instruction and what reaching it means: a breakpoint (id, condition) or a step target (depth). */
    private record Site(CompiledFunction function, int pc, int id, Condition condition, int depth, Stop.Reason reason) {
    }

    /** Something a search found: the state to go to, why, and for writes which instruction or WASI call wrote. */
    record Hit(long step, Stop.Reason reason, int id, int functionIndex, String functionName, int wasmOffset, int wasiEvent) {
    }

    private enum Outcome { DONE, STOPPED, ENDED, PAUSED }

    private record Found(Stop.Reason kind, Hit hit, long step) {
        static Found hit(Hit h) {
            return new Found(null, h, h.step());
        }
    }

    /** Hits of one breakpoint at checkpoint boundaries, and the last answer. */
    private static final class HitCache {
        final long[] atCheckpoint;
        int known;
        long step = -1;
        long count;

        HitCache(int checkpoints) {
            atCheckpoint = new long[checkpoints];
        }
    }

    private static long key(int functionIndex, int pc) {
        return ((long) functionIndex << 32) | (pc & 0xFFFFFFFFL);
    }

    private WriteSites writeSites() {
        if (writeSites == null) writeSites = new WriteSites(timeline.module());
        return writeSites;
    }

    /** What one command looks for, and the probes that make replay stop at it. */
    private final class Search {
        final Map<Long, List<Site>> sites = new HashMap<>();
        final List<long[]> memory = new ArrayList<>();   // {lo, hi, id}
        final List<int[]> globals = new ArrayList<>();   // {global index, id}
        final BitSet chunks = new BitSet();
        /** Functions holding a probed instruction: an interval in which none of them ran needs no replay. */
        final BitSet functions = new BitSet();
        final Set<Long> baseKeys = new HashSet<>();
        final List<WriteSites.Site> baseProbes = new ArrayList<>();
        long[] wasiSteps = new long[0];
        Hit[] wasiHits = new Hit[0];
        byte[] candidate;
        byte[] writesWatched;
        boolean storesOn;
        boolean installed;

        void addSite(Site s) {
            functions.set(s.function().index);
            sites.computeIfAbsent(key(s.function().index, s.pc()), k -> new ArrayList<>()).add(s);
        }

        void addMemory(int id, long address, int length) {
            memory.add(new long[] {address, address + length, id});
            chunks.set((int) (address >>> 12), (int) (((address + length - 1) >>> 12) + 1));
        }

        void addGlobal(int id, int index) {
            globals.add(new int[] {index, id});
        }

        boolean hasMemory() {
            return !memory.isEmpty();
        }

        /** Whether checkpoint interval k (states from checkpoint k to k + 1) may have written a watched chunk. */
        boolean mayWriteWatched(int k) {
            List<Checkpoint> cps = timeline.recording().checkpoints();
            if (memory.isEmpty() || k + 1 >= cps.size()) return false;
            if (writesWatched == null) writesWatched = new byte[cps.size()];
            if (writesWatched[k] == 0) {
                boolean any = false;
                for (int c : cps.get(k + 1).writtenChunks()) {
                    if (chunks.get(c)) {
                        any = true;
                        break;
                    }
                }
                writesWatched[k] = (byte) (any ? 1 : 2);
            }
            return writesWatched[k] == 1;
        }

        /** Whether replaying checkpoint interval k can meet anything searched for (WASI writes aside). */
        boolean candidate(int k) {
            List<Checkpoint> cps = timeline.recording().checkpoints();
            if (candidate == null) candidate = new byte[cps.size()];
            if (candidate[k] == 0) {
                boolean any = mayWriteWatched(k) || timeline.recording().mayRun(k, functions);
                candidate[k] = (byte) (any ? 1 : 2);
            }
            return candidate[k] == 1;
        }

        int watchHit(long lo, long hi) {
            for (long[] w : memory) if (lo < w[1] && w[0] < hi) return (int) w[2];
            return Integer.MIN_VALUE;
        }

        void install() {
            Recording rec = timeline.recording();
            for (List<Site> l : sites.values()) {
                Site s = l.get(0);
                baseProbes.add(new WriteSites.Site(s.function(), s.pc()));
            }
            for (int[] g : globals) {
                for (WriteSites.Site w : writeSites().globalWrites(g[0])) {
                    baseProbes.add(w);
                    functions.set(w.function().index);
                }
            }
            for (WriteSites.Site s : baseProbes) {
                baseKeys.add(key(s.function().index, s.pc()));
                s.function().setProbe(s.pc());
            }
            if (hasMemory()) {
                List<Long> steps = new ArrayList<>();
                List<Hit> hits = new ArrayList<>();
                List<WasiEvent> events = rec.wasiEvents();
                for (int i = 0; i < events.size(); i++) {
                    long step = rec.wasiStep(i) + 1;
                    if (step > rec.endStep()) continue;
                    for (WasiEvent.MemoryWrite w : events.get(i).memoryWrites()) {
                        int id = watchHit(w.address(), w.address() + w.length());
                        if (w.length() > 0 && id != Integer.MIN_VALUE) {
                            steps.add(step);
                            hits.add(new Hit(step, Stop.Reason.WATCHPOINT, id, -1, null, -1, i));
                            break;
                        }
                    }
                }
                wasiSteps = steps.stream().mapToLong(Long::longValue).toArray();
                wasiHits = hits.toArray(new Hit[0]);
            }
            installed = true;
        }

        void stores(boolean on) {
            if (on == storesOn) return;
            for (WriteSites.Site s : writeSites().memoryWrites()) {
                if (on) s.function().setProbe(s.pc());
                else if (!baseKeys.contains(key(s.function().index, s.pc()))) s.function().clearProbe(s.pc());
            }
            storesOn = on;
        }

        void uninstall() {
            if (!installed) return;
            stores(false);
            for (WriteSites.Site s : baseProbes) s.function().clearProbe(s.pc());
            baseProbes.clear();
            baseKeys.clear();
            installed = false;
        }

        /** The first WASI write hit after state {@code after}, or null. */
        Hit firstWasiAfter(long after) {
            int i = upperBound(wasiSteps, after);
            return i < wasiHits.length ? wasiHits[i] : null;
        }

        /** The last WASI write hit with from < step <= to and step < bound, or null. */
        Hit lastWasiIn(long from, long to, long bound) {
            int i = upperBound(wasiSteps, Math.min(to, bound - 1)) - 1;
            return i >= 0 && wasiSteps[i] > from ? wasiHits[i] : null;
        }
    }

    /** Index of the first element greater than {@code v}. */
    private static int upperBound(long[] a, long v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) return -i - 1;
        while (i < a.length && a[i] == v) i++;
        return i;
    }

    /**
     * The same breakpoints and watchpoints over a recording that grew (see ReplayTimeline.extend):
     * caches that depend on the recording's length are dropped.
     */
    Navigator rebind() {
        hitCaches.clear();
        allHits = null;
        return this;
    }

    /** Steps of every hit of the enabled breakpoints over the whole recording; null when stale. */
    private List<Long> allHits;

    /**
     * The states at which enabled breakpoints are hit (condition true), over the whole recording, at
     * most {@code max} of them, ascending. Computed by one replay and cached until breakpoints change.
     */
    List<Long> breakpointHits(int max) {
        if (allHits != null) return allHits.subList(0, Math.min(max, allHits.size()));
        Search q = new Search();
        for (Breakpoint b : breakpoints.values()) if (b.enabled()) q.addSite(breakpointSites.get(b.id()));
        List<Long> steps = new ArrayList<>();
        long c = machine().stepCount();
        if (!breakpoints.isEmpty()) {
            try {
                q.install();
                timeline.moveTo(0);
                sweep(q, timeline.endStep(), -1, false, h -> {
                    if (steps.isEmpty() || steps.get(steps.size() - 1) != h.step()) steps.add(h.step());
                    return steps.size() >= MAX_HITS_LISTED;
                });
            } finally {
                q.uninstall();
            }
            timeline.moveTo(c);
        }
        allHits = List.copyOf(steps);
        return allHits.subList(0, Math.min(max, allHits.size()));
    }

    /** Cap on cached hit steps (a breakpoint in a hot loop can be hit millions of times). */
    static final int MAX_HITS_LISTED = 10_000;

    private Search userSearch() {
        Search q = new Search();
        for (Breakpoint b : breakpoints.values()) if (b.enabled()) q.addSite(breakpointSites.get(b.id()));
        for (Watchpoint w : watchpoints.values()) {
            if (!w.enabled()) continue;
            if (w.kind() == Watchpoint.Kind.MEMORY) q.addMemory(w.id(), w.address(), w.length());
            else q.addGlobal(w.id(), w.globalIndex());
        }
        return q;
    }

    // ---- the engine: replay with probes ----------------------------------------------------------

    private Machine machine() {
        return timeline.machine();
    }

    private long endStep() {
        return timeline.recording().endStep();
    }

    /** Step of checkpoint {@code i}, or the end for one past the last. */
    private long checkpointStep(int i) {
        List<Checkpoint> cps = timeline.recording().checkpoints();
        return i < cps.size() ? cps.get(i).step() : endStep();
    }

    /** Adds the hits at the machine's current state {@code s} (in the order they would be reported). */
    private void collect(Search q, long s, List<Hit> out) {
        Machine m = machine();
        int depth = m.callDepth();
        if (depth == 0) return;
        FrameView top = m.frame(depth - 1);
        WasmFunction fn = top.function();
        CompiledFunction code = fn.code();
        int pc = top.pc();
        List<Site> here = q.sites.get(key(code.index, pc));
        if (here != null) {
            for (Site site : here) {
                if (site.depth() >= 0 && site.depth() != depth) continue;
                if (site.condition() != null && !site.condition().test(m, timeline.instance())) continue;
                out.add(new Hit(s, site.reason(), site.id(), code.index, fn.displayName(), top.wasmOffset(), -1));
            }
        }
        if (s + 1 > endStep()) return; // the instruction never completed (trap or end of recording)
        int op = code.opcodeAt(pc);
        if (q.hasMemory() && WriteSites.isMemoryWrite(code, pc, op)) {
            long[] r = WriteSites.range(m, code, pc, op);
            for (long[] w : q.memory) {
                if (r[0] < w[1] && w[0] < r[1]) {
                    out.add(new Hit(s + 1, Stop.Reason.WATCHPOINT, (int) w[2], code.index, fn.displayName(), top.wasmOffset(), -1));
                }
            }
        }
        if (!q.globals.isEmpty() && (op == Op.GLOBAL_SET || op == Op.GLOBAL_SET_V128)) {
            int g = code.code[pc + 1];
            for (int[] w : q.globals) {
                if (w[0] == g) out.add(new Hit(s + 1, Stop.Reason.WATCHPOINT, w[1], code.index, fn.displayName(), top.wasmOffset(), -1));
            }
        }
    }

    /**
     * Replays from the current state to state {@code to} (or the end, if earlier), handing the hits of
     * every probe stop to {@code sink} until it returns true. A probe stop at {@code skipStopAt} is
     * ignored (the caller handled that state).
     */
    private Outcome sweep(Search q, long to, long skipStopAt, boolean pausable, Predicate<Hit> sink) {
        Machine m = machine();
        Recording rec = timeline.recording();
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
                long limit = Math.min(to, s + CHUNK);
                if (q.hasMemory()) {
                    int k = rec.checkpointIndexAtOrBefore(s);
                    limit = Math.min(limit, Math.max(s + 1, checkpointStep(k + 1)));
                    q.stores(q.mayWriteWatched(k));
                }
                Machine.StopReason r = timeline.advance(limit - s);
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
                if (pausable && timeline.pauseRequested()) return Outcome.PAUSED;
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
    private boolean skipAhead(Search q, long s, long to) {
        Recording rec = timeline.recording();
        int k = rec.checkpointIndexAtOrBefore(s);
        if (q.candidate(k)) return false;
        int n = rec.checkpoints().size();
        int j = k + 1;
        while (j < n && checkpointStep(j) < to && !q.candidate(j)) j++;
        if (j - k < MIN_SKIP) return false;
        if (j < n && checkpointStep(j) < to) timeline.restore(j);
        else timeline.moveTo(to);
        return true;
    }

    /** The first hit after the current state; the machine ends up anywhere at or after it. */
    private Found forward(Search q) {
        return forward(q, Long.MAX_VALUE);
    }

    /** The first hit after the current state at or before state {@code bound}; the machine ends up anywhere after the current state. */
    private Found forward(Search q, long bound) {
        Machine m = machine();
        long c = m.stepCount();
        long end = endStep();
        if (c >= end) return new Found(Stop.Reason.END, null, end);
        List<Hit> here = new ArrayList<>();
        // The instruction about to run may itself write: its probe may not stop (the machine could have
        // just stopped on it), so look at this state directly.
        collect(q, c, here);
        for (Hit h : here) if (h.step() > c && h.step() <= bound) return Found.hit(h);
        Hit wasi = q.firstWasiAfter(c);
        if (wasi != null && wasi.step() > bound) wasi = null;
        long limit = wasi != null ? wasi.step() : bound < end ? bound + 1 : end;
        Hit[] first = new Hit[1];
        Outcome o = sweep(q, limit, c, true, h -> {
            if (h.step() <= c || h.step() > bound) return false;
            first[0] = h;
            return true;
        });
        if (o == Outcome.STOPPED) return Found.hit(first[0]);
        long at = m.stepCount();
        if (o == Outcome.PAUSED) return new Found(Stop.Reason.PAUSED, null, at);
        if (at == end && end <= bound) {
            // The last state is never a probe stop (the trap or end comes first): look at it directly.
            here.clear();
            collect(q, end, here);
            for (Hit h : here) if (h.step() == end) return Found.hit(h);
        }
        if (wasi != null && at == wasi.step()) return Found.hit(wasi);
        return new Found(Stop.Reason.END, null, end);
    }

    /** The last hit with step < {@code bound}, searching backward interval by interval; a pause stops at or before {@code c}. */
    private Found backward(Search q, long bound, long c, boolean pausable) {
        return backward(q, bound, c, pausable, 0);
    }

    /** As {@link #backward(Search, long, long, boolean)}, for hits at or after state {@code floor} only. */
    private Found backward(Search q, long bound, long c, boolean pausable, long floor) {
        Recording rec = timeline.recording();
        if (bound <= 0) return new Found(Stop.Reason.START, null, 0);
        int k = rec.checkpointIndexAtOrBefore(bound - 1);
        int size = 1;
        while (k >= 0 && checkpointStep(k + 1) >= floor) {
            long from = checkpointStep(k);
            long to = Math.min(bound, checkpointStep(k + 1));
            if (from >= to) {
                k--;
                continue;
            }
            if (!q.candidate(k)) {
                // Nothing searched for ran or was written in this interval; only a WASI call could have written.
                Hit w = q.lastWasiIn(from, to, bound);
                if (w != null && w.step() >= floor) return Found.hit(w);
                k--;
                if (pausable && timeline.pauseRequested()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, from));
                continue;
            }
            int lo = k;
            while (lo > 0 && k - lo + 1 < size && q.candidate(lo - 1) && checkpointStep(lo) > floor) lo--;
            timeline.restore(lo);
            Hit[] last = new Hit[1];
            Outcome o = sweep(q, to, -1, pausable, h -> {
                if (h.step() < bound && h.step() >= floor && (last[0] == null || h.step() > last[0].step())) last[0] = h;
                return false;
            });
            if (o == Outcome.PAUSED) return new Found(Stop.Reason.PAUSED, null, Math.min(c, to));
            Hit w = q.lastWasiIn(checkpointStep(lo), to, bound);
            if (w != null && w.step() < floor) w = null;
            Hit best = last[0];
            if (w != null && (best == null || w.step() > best.step())) best = w;
            if (best != null) return Found.hit(best);
            if (pausable && timeline.pauseRequested()) return new Found(Stop.Reason.PAUSED, null, Math.min(c, checkpointStep(lo)));
            k = lo - 1;
            size = Math.min(size * 2, MAX_WINDOW);
        }
        return new Found(Stop.Reason.START, null, 0);
    }

    /** Runs a search with its probes in place, then moves to what it found (probes already removed). */
    private Stop run(Search q, Direction direction) {
        return run(q, direction, machine().stepCount());
    }

    /** As {@link #run(Search, Direction)} from state {@code c} (backward searches need not be there). */
    private Stop run(Search q, Direction direction, long c) {
        Found f;
        try {
            q.install();
            f = direction == Direction.FORWARD ? forward(q) : backward(q, c, c, true);
        } finally {
            q.uninstall();
        }
        return arrive(f);
    }

    private Stop arrive(Found f) {
        if (f.hit() != null) {
            Hit h = f.hit();
            timeline.moveTo(h.step());
            if (h.reason() != Stop.Reason.STEP) return new Stop(h.reason(), h.step(), h.id());
            if (h.step() >= endStep()) return timeline.endStop();
            return h.step() == 0 ? start() : Stop.step(h.step());
        }
        return switch (f.kind()) {
            case END -> {
                timeline.moveTo(endStep());
                yield timeline.endStop();
            }
            case PAUSED -> {
                timeline.moveTo(f.step());
                yield new Stop(Stop.Reason.PAUSED, f.step(), -1);
            }
            default -> start();
        };
    }

    private Stop start() {
        timeline.moveTo(0);
        return new Stop(Stop.Reason.START, 0, -1);
    }

    /** Internal pc of the instruction before the one at {@code pc} (for a return address: the call). */
    private static int previousPc(CompiledFunction code, int pc) {
        return code.instructionPc(Math.max(0, code.instructionIndexAt(pc) - 1));
    }

    // ---- commands ---------------------------------------------------------------------------------

    Stop stepOver(Direction direction) {
        return stepOver(direction, true);
    }

    /** Step over; {@code userStops}: whether the user's breakpoints and watchpoints can stop it on the way. */
    Stop stepOver(Direction direction, boolean userStops) {
        Machine m = machine();
        long c = m.stepCount();
        if (direction == Direction.FORWARD) {
            if (c >= endStep()) {
                timeline.moveTo(endStep());
                return timeline.endStop();
            }
            int d = m.callDepth();
            FrameView top = m.frame(d - 1);
            CompiledFunction code = top.function().code();
            int pc = top.pc();
            int op = code.opcodeAt(pc);
            if (op != Op.CALL && op != Op.CALL_INDIRECT) return timeline.stepInto(Direction.FORWARD);
            // Run until this frame is back, just after the call (a host call is back one step later).
            Search q = userStops ? userSearch() : new Search();
            q.addSite(new Site(code, pc + Op.length(code.code, pc, op), -1, null, d, Stop.Reason.STEP));
            return run(q, Direction.FORWARD);
        }
        if (c <= 0) return start();
        // A finished machine has no frames; its last instruction was the outermost return.
        int d = Math.max(1, m.callDepth());
        timeline.moveTo(c - 1);
        if (m.callDepth() <= d) return c - 1 == 0 ? start() : Stop.step(c - 1);
        // The previous step returned from a callee: go back to the call that made it.
        FrameView caller = m.frame(d - 1);
        CompiledFunction code = caller.function().code();
        Search q = userStops ? userSearch() : new Search();
        q.addSite(new Site(code, previousPc(code, caller.pc()), -1, null, d, Stop.Reason.STEP));
        return run(q, Direction.BACKWARD, c);
    }

    Stop stepOut(Direction direction) {
        return stepOut(direction, true);
    }

    /** Step out; {@code userStops}: whether the user's breakpoints and watchpoints can stop it on the way. */
    Stop stepOut(Direction direction, boolean userStops) {
        Machine m = machine();
        long c = m.stepCount();
        if (direction == Direction.FORWARD && c >= endStep()) {
            timeline.moveTo(endStep());
            return timeline.endStop();
        }
        if (direction == Direction.BACKWARD && c <= 0) return start();
        int d = m.callDepth();
        Search q = userStops ? userSearch() : new Search();
        if (d >= 2) {
            FrameView caller = m.frame(d - 2);
            CompiledFunction code = caller.function().code();
            int pc = direction == Direction.FORWARD ? caller.pc() : previousPc(code, caller.pc());
            q.addSite(new Site(code, pc, -1, null, d - 1, Stop.Reason.STEP));
        }
        // In the outermost frame there is nothing to return to: this runs to the end (or start),
        // stopping at breakpoints and watchpoints on the way.
        return run(q, direction);
    }

    /**
     * The first (forward) or last (backward) stop of the enabled breakpoints and watchpoints between
     * states {@code from} and {@code to}: forward in (from, to], backward in [to, from). The timeline
     * is then there; null if there is none (the timeline is then anywhere in the range).
     */
    Stop userStopBetween(long from, long to, Direction direction) {
        Search q = userSearch();
        if (q.sites.isEmpty() && q.memory.isEmpty() && q.globals.isEmpty()) return null;
        Found f;
        try {
            q.install();
            if (direction == Direction.FORWARD) {
                if (to <= from) return null;
                timeline.moveTo(from);
                f = forward(q, to);
            } else {
                if (to >= from) return null;
                f = backward(q, from, from, false, to);
            }
        } finally {
            q.uninstall();
        }
        return f.hit() == null ? null : arrive(f);
    }

    Stop resume(Direction direction) {
        return run(userSearch(), direction);
    }

    Stop runTo(int functionIndex, int wasmOffset, Direction direction) {
        CompiledFunction code = definedFunction(functionIndex);
        Search q = new Search();
        q.addSite(new Site(code, pcFor(code, wasmOffset), -1, null, -1, Stop.Reason.STEP));
        return run(q, direction);
    }

    // ---- breakpoints and watchpoints --------------------------------------------------------------

    private CompiledFunction definedFunction(int functionIndex) {
        CompiledModule module = timeline.module();
        CompiledFunction code = module.function(functionIndex);
        if (code == null) {
            throw new IllegalArgumentException("function " + functionIndex + " is imported or does not exist (the module has "
                    + module.module().functionCount() + " functions)");
        }
        return code;
    }

    /** Internal pc for a Wasm offset in {@code code}; -1 means the function's first instruction. */
    private static int pcFor(CompiledFunction code, int wasmOffset) {
        if (code.instructionCount() == 0) throw new IllegalArgumentException("function " + code.index + " has no instructions");
        if (wasmOffset < 0) return code.instructionPc(0);
        int first = code.wasmOffset(code.instructionPc(0));
        int last = code.wasmOffset(code.instructionPc(code.instructionCount() - 1));
        if (wasmOffset < first || wasmOffset > last) {
            throw new IllegalArgumentException("offset " + wasmOffset + " is not inside function " + code.index
                    + " (its code spans offsets " + first + ".." + last + ")");
        }
        return code.pcForWasmOffset(wasmOffset);
    }

    Breakpoint addBreakpoint(int functionIndex, int wasmOffset, String condition) {
        allHits = null;
        CompiledFunction code = definedFunction(functionIndex);
        int pc = pcFor(code, wasmOffset);
        String text = condition == null || condition.isBlank() ? null : condition.trim();
        Condition cond = text == null ? null : Condition.parse(text, code, timeline.module().module());
        Breakpoint b = new Breakpoint(nextId++, functionIndex, wasmOffset, text, true);
        breakpoints.put(b.id(), b);
        breakpointSites.put(b.id(), new Site(code, pc, b.id(), cond, -1, Stop.Reason.BREAKPOINT));
        return b;
    }

    void removeBreakpoint(int id) {
        allHits = null;
        breakpoints.remove(id);
        breakpointSites.remove(id);
        hitCaches.remove(id);
    }

    void setBreakpointEnabled(int id, boolean enabled) {
        allHits = null;
        Breakpoint b = breakpoints.get(id);
        if (b != null) breakpoints.put(id, new Breakpoint(id, b.functionIndex(), b.wasmOffset(), b.condition(), enabled));
    }

    List<Breakpoint> breakpoints() {
        return new ArrayList<>(breakpoints.values());
    }

    /**
     * Hits (condition true, enabled or not) in states [0, current). Counts per checkpoint interval are
     * cached, so after the first call only the current interval is replayed.
     */
    long hitCount(int id) {
        Site site = breakpointSites.get(id);
        if (site == null) throw new IllegalArgumentException("no breakpoint " + id);
        Machine m = machine();
        long c = m.stepCount();
        HitCache cache = hitCaches.computeIfAbsent(id, x -> new HitCache(timeline.recording().checkpoints().size()));
        if (cache.step == c) return cache.count;
        Search q = new Search();
        q.addSite(site);
        long[] n = new long[1];
        Predicate<Hit> counter = h -> {
            n[0]++;
            return false;
        };
        long count;
        try {
            q.install();
            int k = timeline.recording().checkpointIndexAtOrBefore(c);
            // Whether the machine stands at checkpoint i because the previous sweep ended there.
            boolean atCheckpoint = false;
            if (cache.known < k) {
                for (int i = cache.known; i < k; i++) {
                    n[0] = 0;
                    if (q.candidate(i)) {
                        if (!atCheckpoint) timeline.restore(i);
                        sweep(q, checkpointStep(i + 1), -1, false, counter);
                        atCheckpoint = m.stepCount() == checkpointStep(i + 1);
                    } else {
                        atCheckpoint = false; // the breakpoint's function never ran here: no hits, no replay
                    }
                    cache.atCheckpoint[i + 1] = cache.atCheckpoint[i] + n[0];
                }
                cache.known = k;
            }
            if (!atCheckpoint) timeline.restore(k);
            n[0] = 0;
            sweep(q, c, -1, false, counter);
            count = cache.atCheckpoint[k] + n[0];
        } finally {
            q.uninstall();
        }
        timeline.moveTo(c);
        cache.step = c;
        cache.count = count;
        return count;
    }

    Watchpoint addMemoryWatchpoint(long address, int length) {
        if (address < 0 || length <= 0 || address + length > (1L << 32)) {
            throw new IllegalArgumentException("bad watch range: address " + address + ", length " + length);
        }
        Watchpoint w = Watchpoint.memory(nextId++, address, length);
        watchpoints.put(w.id(), w);
        return w;
    }

    Watchpoint addGlobalWatchpoint(int globalIndex) {
        int count = timeline.module().module().globalCount();
        if (globalIndex < 0 || globalIndex >= count) {
            throw new IllegalArgumentException("there is no global " + globalIndex + " (the module has " + count + ")");
        }
        Watchpoint w = Watchpoint.global(nextId++, globalIndex);
        watchpoints.put(w.id(), w);
        return w;
    }

    void removeWatchpoint(int id) {
        watchpoints.remove(id);
    }

    void setWatchpointEnabled(int id, boolean enabled) {
        Watchpoint w = watchpoints.get(id);
        if (w != null) watchpoints.put(id, new Watchpoint(id, w.kind(), w.address(), w.length(), w.globalIndex(), enabled));
    }

    List<Watchpoint> watchpoints() {
        return new ArrayList<>(watchpoints.values());
    }

    /**
     * The last write to [address, address + length) completed at or before state {@code beforeStep}
     * (so the value seen there is the one it wrote). Bytes last set by data segments at instantiation,
     * before step 0, have no writing instruction: the answer is then empty. The timeline stays where it
     * was. Not interruptible by pause (the query has no way to report a partial answer).
     */
    Optional<WriteInfo> lastWrite(long address, int length, long beforeStep) {
        if (length <= 0 || address < 0) throw new IllegalArgumentException("bad range: address " + address + ", length " + length);
        Machine m = machine();
        long c = m.stepCount();
        long bound = Math.min(beforeStep, endStep()) + 1;
        if (bound <= 1) return Optional.empty();
        Search q = new Search();
        q.addMemory(-1, address, length);
        Found f;
        try {
            q.install();
            f = backward(q, bound, c, false);
        } finally {
            q.uninstall();
        }
        Optional<WriteInfo> result = Optional.empty();
        Hit h = f.hit();
        if (h != null && h.wasiEvent() >= 0) {
            // The caller is the frame that executed the call instruction, at the state before it.
            timeline.moveTo(h.step() - 1);
            FrameView top = m.frame(m.callDepth() - 1);
            String call = timeline.recording().wasiEvents().get(h.wasiEvent()).functionName();
            result = Optional.of(new WriteInfo(h.step(), top.function().index(), top.function().displayName(), top.wasmOffset(), call));
        } else if (h != null) {
            result = Optional.of(new WriteInfo(h.step(), h.functionIndex(), h.functionName(), h.wasmOffset(), null));
        }
        timeline.moveTo(c);
        return result;
    }
}
