package io.backstep.recorder.replay;

import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Navigation commands over a {@link ReplayTimeline}: stepping over and out in both directions,
 * continuing to breakpoints and watchpoints, and the last-write query. (Being written.)
 */
final class Navigator {
    private final ReplayTimeline timeline;
    private final Map<Integer, Breakpoint> breakpoints = new LinkedHashMap<>();
    private final Map<Integer, Watchpoint> watchpoints = new LinkedHashMap<>();
    private int nextId = 1;

    Navigator(ReplayTimeline timeline) {
        this.timeline = timeline;
    }

    Stop stepOver(Direction direction) {
        throw new UnsupportedOperationException("step over: not yet written");
    }

    Stop stepOut(Direction direction) {
        throw new UnsupportedOperationException("step out: not yet written");
    }

    Stop resume(Direction direction) {
        throw new UnsupportedOperationException("continue: not yet written");
    }

    Stop runTo(int functionIndex, int wasmOffset, Direction direction) {
        throw new UnsupportedOperationException("run to: not yet written");
    }

    Breakpoint addBreakpoint(int functionIndex, int wasmOffset, String condition) {
        Breakpoint b = new Breakpoint(nextId++, functionIndex, wasmOffset, condition, true);
        breakpoints.put(b.id(), b);
        return b;
    }

    void removeBreakpoint(int id) {
        breakpoints.remove(id);
    }

    void setBreakpointEnabled(int id, boolean enabled) {
        Breakpoint b = breakpoints.get(id);
        if (b != null) breakpoints.put(id, new Breakpoint(id, b.functionIndex(), b.wasmOffset(), b.condition(), enabled));
    }

    List<Breakpoint> breakpoints() {
        return new ArrayList<>(breakpoints.values());
    }

    long hitCount(int id) {
        throw new UnsupportedOperationException("hit count: not yet written");
    }

    Watchpoint addMemoryWatchpoint(long address, int length) {
        Watchpoint w = Watchpoint.memory(nextId++, address, length);
        watchpoints.put(w.id(), w);
        return w;
    }

    Watchpoint addGlobalWatchpoint(int globalIndex) {
        Watchpoint w = Watchpoint.global(nextId++, globalIndex);
        watchpoints.put(w.id(), w);
        return w;
    }

    void removeWatchpoint(int id) {
        watchpoints.remove(id);
    }

    List<Watchpoint> watchpoints() {
        return new ArrayList<>(watchpoints.values());
    }

    Optional<WriteInfo> lastWrite(long address, int length, long beforeStep) {
        throw new UnsupportedOperationException("last write: not yet written");
    }
}
