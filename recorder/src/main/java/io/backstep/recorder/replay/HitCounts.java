package io.backstep.recorder.replay;

import io.backstep.engine.runtime.Machine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How often breakpoints are hit: per breakpoint, the hits before the current state (counted per
 * checkpoint interval, and inside an interval up to each coarse point, and cached, so after the first
 * answer only the stretch from the last counted coarse point is replayed),
 * and the steps of every hit over the whole recording (for the timeline's ticks), cached until the
 * breakpoints change.
 */
final class HitCounts {
    /** Cap on cached hit steps (a breakpoint in a hot loop can be hit millions of times). */
    static final int MAX_HITS_LISTED = 10_000;

    /** Hits of one breakpoint at checkpoint boundaries, and the last answer. */
    private static final class PerBreakpoint {
        final long[] atCheckpoint;
        /** Per interval: hits from its checkpoint to each coarse point ({@link ReplayCache#COARSE}) swept so far. */
        final Map<Integer, TreeMap<Long, Long>> withinInterval = new HashMap<>();
        int known;
        long step = -1;
        long count;

        PerBreakpoint(int checkpoints) {
            atCheckpoint = new long[checkpoints];
        }
    }

    private final ReplayControl replay;
    private final ProbedReplay search;
    private final StopPoints points;
    private final Map<Integer, PerBreakpoint> counts = new HashMap<>();
    private List<Long> allHits;
    private long allHitsVersion = -1;

    HitCounts(ReplayControl replay, ProbedReplay search, StopPoints points) {
        this.replay = replay;
        this.search = search;
        this.points = points;
    }

    /** Drops what depends on the recording's length (it grew). */
    void recordingGrew() {
        counts.clear();
        allHits = null;
    }

    /**
     * The states at which enabled breakpoints are hit (condition true), over the whole recording, at
     * most {@code max} of them, ascending. Computed by one replay and cached until breakpoints change.
     */
    List<Long> breakpointHits(int max) {
        if (allHits == null || allHitsVersion != points.breakpointsVersion()) {
            allHits = computeAllHits();
            allHitsVersion = points.breakpointsVersion();
        }
        return allHits.subList(0, Math.min(max, allHits.size()));
    }

    private List<Long> computeAllHits() {
        ProbeSet q = search.probes();
        points.addEnabledBreakpoints(q);
        List<Long> steps = new ArrayList<>();
        long c = replay.machine().stepCount();
        if (points.hasBreakpoints()) {
            try {
                q.install();
                replay.moveTo(0);
                search.sweep(q, replay.endStep(), -1, false, h -> {
                    if (steps.isEmpty() || steps.get(steps.size() - 1) != h.step()) steps.add(h.step());
                    return steps.size() >= MAX_HITS_LISTED;
                });
            } finally {
                q.uninstall();
            }
            replay.moveTo(c);
        }
        return List.copyOf(steps);
    }

    /**
     * Hits of breakpoint {@code id} (condition true, enabled or not) in states [0, current).
     */
    long hitCount(int id) {
        Probe probe = points.probe(id);
        Machine m = replay.machine();
        long c = m.stepCount();
        PerBreakpoint cache = counts.computeIfAbsent(id, x -> new PerBreakpoint(replay.recording().checkpoints().size()));
        if (cache.step == c) return cache.count;
        ProbeSet q = search.probes();
        q.add(probe);
        long[] n = new long[1];
        Predicate<Hit> counter = h -> {
            n[0]++;
            return false;
        };
        long count;
        try {
            q.install();
            int k = replay.recording().checkpointIndexAtOrBefore(c);
            // Whether the machine stands at checkpoint i because the previous sweep ended there.
            boolean atCheckpoint = false;
            if (cache.known < k) {
                for (int i = cache.known; i < k; i++) {
                    n[0] = 0;
                    if (q.candidate(i)) {
                        if (!atCheckpoint) replay.restore(i);
                        search.sweep(q, replay.checkpointStep(i + 1), -1, false, counter);
                        atCheckpoint = m.stepCount() == replay.checkpointStep(i + 1);
                    } else {
                        atCheckpoint = false; // the breakpoint's function never ran here: no hits, no replay
                    }
                    cache.atCheckpoint[i + 1] = cache.atCheckpoint[i] + n[0];
                }
                cache.known = k;
            }
            // Within the interval, from the last coarse point counted before (restored from memory when
            // kept), so a stop deep in a long interval does not replay it all again.
            TreeMap<Long, Long> marks = cache.withinInterval.computeIfAbsent(k, x -> new TreeMap<>());
            Map.Entry<Long, Long> from = marks.floorEntry(c);
            long before = 0;
            if (from != null) {
                replay.moveTo(from.getKey());
                before = from.getValue();
            } else if (!atCheckpoint) {
                replay.restore(k);
            }
            long base = before;
            long[] mark = {(m.stepCount() / ReplayCache.COARSE + 1) * ReplayCache.COARSE};
            n[0] = 0;
            search.sweep(q, c, -1, false, true, h -> {
                for (; mark[0] <= h.step() && mark[0] <= c; mark[0] += ReplayCache.COARSE) marks.put(mark[0], base + n[0]);
                n[0]++;
                return false;
            });
            for (; mark[0] <= c; mark[0] += ReplayCache.COARSE) marks.put(mark[0], base + n[0]);
            count = cache.atCheckpoint[k] + before + n[0];
        } finally {
            q.uninstall();
        }
        replay.moveTo(c);
        cache.step = c;
        cache.count = count;
        return count;
    }

    /** Forgets a removed breakpoint's counts. */
    void forget(int id) {
        counts.remove(id);
    }
}
