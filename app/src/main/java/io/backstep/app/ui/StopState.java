package io.backstep.app.ui;

import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Marker;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.List;
import java.util.Map;

/**
 * Everything the views show at one stop, captured on the timeline thread so the FX thread never calls
 * into the timeline. Immutable. {@code hitCounts} (by breakpoint id) count the hits in states 0 … step,
 * {@code watchpointHits} (by watchpoint id) the writes in states 1 … step. {@code source} is the
 * source-level view of the stop, or null when the module has no usable debug info.
 */
public record StopState(long step, long endStep, Stop stop, MachineState.Status status, String trapMessage,
                       int exitStatus, List<FrameInfo> frames, List<GlobalVar> globals, long memorySize,
                       List<List<Value>> tables, String console, List<Breakpoint> breakpoints,
                       Map<Integer, Long> hitCounts, List<Watchpoint> watchpoints, Map<Integer, HitCount> watchpointHits,
                       List<Marker> markers,
                       List<Long> breakpointHits, long journalBytes, SourceStop source) {

    /** The innermost frame, or null when the program has finished. */
    public FrameInfo top() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }
}
