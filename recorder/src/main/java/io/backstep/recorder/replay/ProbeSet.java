package io.backstep.recorder.replay;

import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.timeline.Stop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one search looks for, and the probes that make replay stop at it: probed instructions
 * (breakpoints, step targets), watched memory ranges and globals. Also answers, per checkpoint
 * interval, whether replaying it can meet any of that, from what the journal says the interval wrote
 * and ran; WASI calls' writes to watched memory come from the journal without replay.
 */
final class ProbeSet {
    /** A watched memory range [lo, hi) and the watchpoint's id. */
    record Watched(long lo, long hi, int id) {
    }

    /** A watched global and the watchpoint's id. */
    record WatchedGlobal(int index, int id) {
    }

    private final ReplayControl replay;
    private final WriteSites writeSites;
    final Map<Long, List<Probe>> probes = new HashMap<>();
    final List<Watched> memory = new ArrayList<>();
    final List<WatchedGlobal> globals = new ArrayList<>();
    private final BitSet chunks = new BitSet();
    /** Functions holding a probed instruction: an interval in which none of them ran needs no replay. */
    private final BitSet functions = new BitSet();
    private final Set<Long> baseKeys = new HashSet<>();
    private final List<WriteSites.Site> baseProbes = new ArrayList<>();
    private long[] wasiSteps = new long[0];
    private Hit[] wasiHits = new Hit[0];
    private byte[] candidate;
    private byte[] writesWatched;
    private boolean storesOn;
    private boolean installed;

    ProbeSet(ReplayControl replay, WriteSites writeSites) {
        this.replay = replay;
        this.writeSites = writeSites;
    }

    void add(Probe p) {
        functions.set(p.function().index);
        probes.computeIfAbsent(Probe.key(p.function().index, p.pc()), k -> new ArrayList<>()).add(p);
    }

    void addMemory(int id, long address, int length) {
        memory.add(new Watched(address, address + length, id));
        chunks.set((int) (address >>> 12), (int) (((address + length - 1) >>> 12) + 1));
    }

    void addGlobal(int id, int index) {
        globals.add(new WatchedGlobal(index, id));
    }

    boolean hasMemory() {
        return !memory.isEmpty();
    }

    /** Whether checkpoint interval k (states from checkpoint k to k + 1) may have written a watched chunk. */
    boolean mayWriteWatched(int k) {
        List<Checkpoint> cps = replay.recording().checkpoints();
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
        List<Checkpoint> cps = replay.recording().checkpoints();
        if (candidate == null) candidate = new byte[cps.size()];
        if (candidate[k] == 0) {
            boolean any = mayWriteWatched(k) || replay.recording().mayRun(k, functions);
            candidate[k] = (byte) (any ? 1 : 2);
        }
        return candidate[k] == 1;
    }

    /** Patches the probes into the replay machine's code and lists the WASI writes to watched memory. */
    void install() {
        Recording rec = replay.recording();
        for (List<Probe> l : probes.values()) {
            Probe p = l.get(0);
            baseProbes.add(new WriteSites.Site(p.function(), p.pc()));
        }
        for (WatchedGlobal g : globals) {
            for (WriteSites.Site w : writeSites.globalWrites(g.index())) {
                baseProbes.add(w);
                functions.set(w.function().index);
            }
        }
        for (WriteSites.Site s : baseProbes) {
            baseKeys.add(Probe.key(s.function().index, s.pc()));
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

    private int watchHit(long lo, long hi) {
        for (Watched w : memory) if (lo < w.hi() && w.lo() < hi) return w.id();
        return Integer.MIN_VALUE;
    }

    /** Turns the probes on every memory-writing instruction on or off (on only where a watched chunk may be written). */
    void stores(boolean on) {
        if (on == storesOn) return;
        for (WriteSites.Site s : writeSites.memoryWrites()) {
            if (on) s.function().setProbe(s.pc());
            else if (!baseKeys.contains(Probe.key(s.function().index, s.pc()))) s.function().clearProbe(s.pc());
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

    /** Index of the first element greater than {@code v}. */
    private static int upperBound(long[] a, long v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) return -i - 1;
        while (i < a.length && a[i] == v) i++;
        return i;
    }
}
