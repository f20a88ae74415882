package io.backstep.app.ui;

import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Hits column of a memory watchpoint: how many writes to its range led to states 1 … step. The
 * timeline has no counter for watchpoints, so the writes are found with {@link Timeline#lastWrite}
 * walking backwards. What a walk learns is kept (the writes, and the step ranges known to hold no
 * other write), so stepping on costs one search and stepping back none. A walk makes at most
 * {@link #SEARCHES_PER_CALL} searches, to keep a step cheap on an address written in a hot loop; the
 * count is then a lower bound. Called on the timeline thread only.
 */
final class WatchHits {
    static final int SEARCHES_PER_CALL = 16;

    private final Map<Integer, Known> known = new HashMap<>();

    /** Writes to {@code w}'s range in states [1, step]; global watchpoints are not counted (null). */
    HitCount count(Timeline t, Watchpoint w, long step) {
        if (w.kind() != Watchpoint.Kind.MEMORY) return null;
        Known k = known.computeIfAbsent(w.id(), id -> new Known());
        long at = step;
        int budget = SEARCHES_PER_CALL;
        while (at >= 0) {
            Map.Entry<Long, Long> range = k.complete.floorEntry(at);
            if (range != null && range.getValue() >= at) {
                at = range.getKey() - 1;
                continue;
            }
            if (budget-- == 0) break;
            Optional<WriteInfo> last = t.lastWrite(w.address(), w.length(), at);
            if (last.isEmpty()) {
                k.markComplete(0, at);
                break;
            }
            long ws = last.get().step();
            k.writes.add(ws);
            k.markComplete(ws, at);
            at = ws - 1;
        }
        Map.Entry<Long, Long> fromStart = k.complete.firstEntry();
        boolean exact = fromStart != null && fromStart.getKey() == 0 && fromStart.getValue() >= step;
        return new HitCount(k.writes.headSet(step, true).size(), exact);
    }

    private static final class Known {
        final TreeSet<Long> writes = new TreeSet<>();
        /** Disjoint, non-adjacent step ranges [key, value] whose writes are all in {@link #writes}. */
        final TreeMap<Long, Long> complete = new TreeMap<>();

        void markComplete(long lo, long hi) {
            Map.Entry<Long, Long> before = complete.floorEntry(lo);
            if (before != null && before.getValue() >= lo - 1) {
                lo = before.getKey();
                hi = Math.max(hi, before.getValue());
                complete.remove(before.getKey());
            }
            for (Map.Entry<Long, Long> e = complete.ceilingEntry(lo); e != null && e.getKey() <= hi + 1; e = complete.ceilingEntry(lo)) {
                hi = Math.max(hi, e.getValue());
                complete.remove(e.getKey());
            }
            complete.put(lo, hi);
        }
    }
}
