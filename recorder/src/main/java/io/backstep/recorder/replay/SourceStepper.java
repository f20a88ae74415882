package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.StepPoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;

/**
 * Stepping by source line over a {@link ReplayTimeline}, in both directions, as gdb's
 * next/step/finish and rr's reverse-next/reverse-step/reverse-finish do.
 *
 * <p>A line step stops at a <em>line entry</em>: an instruction that begins an is_stmt row of the line
 * table (after the function's prologue; see {@link SourceModel#stepPoint}) whose line differs from the
 * line of the previous such instruction of the same frame, or that a jump backward reached (the next
 * iteration of a loop on one line). Forward, step over runs to the next line entry of the current
 * frame (calls run as a whole); step into also stops at the first line entry of a callee that has line
 * information (callees without any are run through); when the frame returns, stepping goes on in the
 * caller to its next line entry. Backward, step over and step into go to the previous line entry, so
 * that stepping back and then forward again visits the same steps; reverse step into enters a callee
 * that returned just before, at the entry of its last line. Step out runs to just after the frame
 * returns, backward to the call that entered it. Frames are counted the way the source shows them:
 * an inlined call is a frame of its own.
 *
 * <p>Moves one instruction at a time through the timeline (calls stepped over with the timeline's own
 * step over), so breakpoints and watchpoints met inside a call stop a step as they stop the
 * instruction-level commands.
 */
public final class SourceStepper {
    public enum Kind { OVER, INTO, OUT }

    private final ReplayTimeline timeline;
    private final SourceModel model;

    public SourceStepper(ReplayTimeline timeline, SourceModel model) {
        this.timeline = timeline;
        this.model = model;
    }

    /** Where the machine is: Wasm depth, function, instruction, and what the line table says about it. */
    private record Here(long step, int depth, CompiledFunction code, int pc, int offset, StepPoint point) {
        /** Depth counting inlined calls as frames. */
        int frameDepth() {
            return depth * 256 + point.inlineDepth();
        }
    }

    private Here here() {
        Machine m = timeline.machine();
        if (m.callDepth() == 0 || m.status() == Machine.Status.FINISHED) return null;
        FrameView f = m.frame(m.callDepth() - 1);
        CompiledFunction code = f.function().code();
        return new Here(m.stepCount(), m.callDepth(), code, f.pc(), f.wasmOffset(), model.stepPoint(code, f.wasmOffset()));
    }

    /** Steps one source line (or out of a frame) forward or backward; the timeline's state is refreshed. */
    public Stop step(Kind kind, Direction direction) {
        timeline.clearPause();
        try {
            return direction == Direction.FORWARD ? forward(kind) : backward(kind);
        } finally {
            timeline.clearPause();
            timeline.refresh();
        }
    }

    private Stop paused() {
        return new Stop(Stop.Reason.PAUSED, timeline.currentStep(), -1);
    }

    private Stop end() {
        timeline.moveTo(timeline.endStep());
        return timeline.endStop();
    }

    private static boolean isCall(Here h) {
        int op = h.code.opcodeAt(h.pc);
        return op == Op.CALL || op == Op.CALL_INDIRECT;
    }

    private Stop forward(Kind kind) {
        Here cur = here();
        if (cur == null || cur.step >= timeline.endStep()) return end();
        if (kind == Kind.OUT && cur.point.inlineDepth() == 0) return timeline.stepOut(Direction.FORWARD);
        int depth = cur.frameDepth();
        StepPoint line = cur.point;
        int lastOffset = cur.offset;        // offset of the last instruction of this frame passed
        while (true) {
            if (timeline.pauseRequested()) return paused();
            if (cur.step >= timeline.endStep()) return end();
            if (isCall(cur) && kind != Kind.INTO) {
                Stop s = timeline.stepOver(Direction.FORWARD);
                if (s.reason() != Stop.Reason.STEP) return s;
            } else {
                timeline.moveTo(cur.step + 1);
            }
            Here next = here();
            if (next == null) return end();
            if (kind == Kind.INTO && next.depth > cur.depth && !model.hasLineInfo(next.code)) {
                Stop s = timeline.stepOut(Direction.FORWARD); // a callee without line info runs as a whole
                if (s.reason() != Stop.Reason.STEP) return s;
                next = here();
                if (next == null) return end();
            }
            cur = next;
            int d = next.frameDepth();
            if (kind == Kind.OUT) {
                if (d < depth) return Stop.step(next.step);
                continue;
            }
            if (d > depth) {
                if (kind == Kind.INTO && next.point.statement()) return Stop.step(next.step);
                continue;
            }
            if (d < depth) {
                // Returned mid-line into the caller: go on to the caller's next line entry.
                depth = d;
                line = next.point;
                lastOffset = next.offset;
                continue;
            }
            if (next.point.statement() && (!next.point.sameLine(line) || next.offset < lastOffset)) return Stop.step(next.step);
            lastOffset = next.offset;
        }
    }

    private Stop backward(Kind kind) {
        Here cur = here();
        if (cur == null) {
            // The program has finished: nothing runs at the last state; start from the instruction before it.
            long s = timeline.currentStep();
            if (s <= 0) return new Stop(Stop.Reason.START, 0, -1);
            timeline.moveTo(s - 1);
            cur = here();
            if (cur == null) return new Stop(Stop.Reason.START, 0, -1);
        }
        if (kind == Kind.OUT && cur.point.inlineDepth() == 0) return timeline.stepOut(Direction.BACKWARD);
        final long from = timeline.currentStep();
        int depth = cur.frameDepth();
        // The latest instruction of this frame seen (going back) that begins a row: a line entry if the
        // row before it in this frame has another line, or a jump backward led to it.
        Here pending = cur.point.statement() ? cur : null;
        boolean pendingChecked = false;  // whether the instruction of this frame before pending was looked at
        while (true) {
            if (timeline.pauseRequested()) return paused();
            if (cur.step <= 0) {
                if (pending != null && pending.step < from) return land(pending);
                timeline.moveTo(0);
                return new Stop(Stop.Reason.START, 0, -1);
            }
            Here prev;
            if (kind != Kind.INTO) {
                Stop s = timeline.stepOver(Direction.BACKWARD); // back over a call to the call instruction
                if (s.reason() != Stop.Reason.STEP && s.reason() != Stop.Reason.START) return s;
                prev = here();
            } else {
                timeline.moveTo(cur.step - 1);
                prev = here();
                if (prev != null && prev.depth > cur.depth && !model.hasLineInfo(prev.code)) {
                    Stop s = timeline.stepOut(Direction.BACKWARD); // a callee without line info, back to its call
                    if (s.reason() != Stop.Reason.STEP && s.reason() != Stop.Reason.START) return s;
                    prev = here();
                }
            }
            if (prev == null) return new Stop(Stop.Reason.START, timeline.currentStep(), -1);
            int d = prev.frameDepth();
            if (kind == Kind.OUT) {
                if (d < depth) return Stop.step(prev.step);
                cur = prev;
                continue;
            }
            if (d > depth) {
                if (kind == Kind.INTO) {
                    // A callee (or inlined call) that ended just before: find the entry of its last line.
                    depth = d;
                    pending = prev.point.statement() ? prev : null;
                    pendingChecked = false;
                }
                cur = prev;
                continue;
            }
            if (d < depth) {
                // Back before this frame began: its first line entry is the answer, if there was one.
                if (pending != null && pending.step < from) return land(pending);
                depth = d;
                pending = prev.point.statement() ? prev : null;
                pendingChecked = false;
                cur = prev;
                continue;
            }
            if (pending != null && !pendingChecked) {
                pendingChecked = true;
                if (pending.offset < prev.offset && pending.step < from) return land(pending);
            }
            if (prev.point.statement()) {
                if (pending != null && !prev.point.sameLine(pending.point) && pending.step < from) return land(pending);
                pending = prev;
                pendingChecked = false;
            }
            cur = prev;
        }
    }

    private Stop land(Here h) {
        timeline.moveTo(h.step);
        return Stop.step(h.step);
    }
}
