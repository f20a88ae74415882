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

    /**
     * Steps one source line (or out of a frame) forward or backward; the timeline's state is refreshed.
     * Without readable debug info this is the instruction-level command of the same kind.
     */
    public Stop step(Kind kind, Direction direction) {
        if (!model.available()) {
            return switch (kind) {
                case OVER -> timeline.stepOver(direction);
                case INTO -> timeline.stepInto(direction);
                case OUT -> timeline.stepOut(direction);
            };
        }
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
        Scan scan = new Scan(timeline.currentStep(), cur);
        while (true) {
            if (timeline.pauseRequested()) return paused();
            if (cur.step <= 0) {
                if (scan.pending != null && scan.pending.step < scan.from) return land(scan.pending);
                timeline.moveTo(0);
                return new Stop(Stop.Reason.START, 0, -1);
            }
            Here prev;
            if (kind == Kind.OVER || kind == Kind.OUT) {
                Stop s = timeline.stepOver(Direction.BACKWARD); // back over a call to the call instruction
                if (s.reason() != Stop.Reason.STEP && s.reason() != Stop.Reason.START) return s;
                prev = here();
            } else {
                timeline.moveTo(cur.step - 1);
                prev = here();
                if (prev != null && prev.depth > cur.depth && (!model.hasLineInfo(prev.code) || scan.pending != null)) {
                    // A callee returned just before. Without line info it is skipped; with line info it is
                    // entered only if no line of this frame after it is the answer (see Scan.enterCallee).
                    if (model.hasLineInfo(prev.code) && scan.callee < 0) scan.callee = prev.step;
                    Stop s = timeline.stepOut(Direction.BACKWARD);
                    if (s.reason() != Stop.Reason.STEP && s.reason() != Stop.Reason.START) return s;
                    prev = here();
                }
            }
            if (prev == null) return new Stop(Stop.Reason.START, timeline.currentStep(), -1);
            int d = prev.frameDepth();
            if (kind == Kind.OUT) {
                if (d < scan.depth) return Stop.step(prev.step);
                cur = prev;
                continue;
            }
            if (d > scan.depth) {
                // Only step into gets here for a Wasm callee (with line info, nothing pending): its last line.
                if (kind == Kind.INTO) scan.restart(prev);
                cur = prev;
                continue;
            }
            if (d < scan.depth) {
                // Back before this frame began: its first line entry is the answer, if there was one.
                if (scan.pending != null && scan.pending.step < scan.from) return land(scan.pending);
                if (scan.callee >= 0) {
                    cur = enterCallee(scan);
                    continue;
                }
                scan.restart(prev);
                cur = prev;
                continue;
            }
            if (scan.pending != null && !scan.pendingChecked) {
                scan.pendingChecked = true;
                if (scan.pending.offset < prev.offset) {
                    // A jump backward led to pending: it is a line entry.
                    if (scan.pending.step < scan.from) return land(scan.pending);
                    if (scan.callee >= 0) {
                        cur = enterCallee(scan);
                        continue;
                    }
                }
            }
            if (prev.point.statement()) {
                boolean pendingIsEntry = scan.pending != null && !prev.point.sameLine(scan.pending.point);
                if (pendingIsEntry && scan.pending.step < scan.from) return land(scan.pending);
                if (scan.callee >= 0) {
                    // A callee with line info ran after this statement: step into goes to its last line.
                    cur = enterCallee(scan);
                    continue;
                }
                scan.pending = prev;
                scan.pendingChecked = false;
            }
            cur = prev;
        }
    }

    /** State of a backward line search in one frame. */
    private static final class Scan {
        final long from;
        int depth;
        /** The latest instruction of this frame seen (going back) that begins a row: a line entry if the
         *  row before it in this frame has another line, or a jump backward led to it. */
        Here pending;
        /** Whether the instruction of this frame before pending was looked at (for a jump backward). */
        boolean pendingChecked;
        /** Step of the last state of the latest callee with line info passed over, or -1. */
        long callee = -1;

        Scan(long from, Here start) {
            this.from = from;
            restart(start);
        }

        /** Goes on in another frame (a callee or the caller), from {@code h}. */
        void restart(Here h) {
            depth = h.frameDepth();
            pending = h.point.statement() ? h : null;
            pendingChecked = false;
            callee = -1;
        }
    }

    /** Step into backward: into the callee passed over, at its last state, to find the entry of its last line. */
    private Here enterCallee(Scan scan) {
        timeline.moveTo(scan.callee);
        Here h = here();
        scan.restart(h);
        return h;
    }

    private Stop land(Here h) {
        timeline.moveTo(h.step);
        return Stop.step(h.step);
    }
}
