package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.source.CodeFrame;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.StepPoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.util.List;

/**
 * Stepping by source line over a {@link ReplayTimeline}, in both directions, as gdb's
 * next/step/finish and rr's reverse-next/reverse-step/reverse-finish do.
 *
 * <p>A line step stops at a <em>line entry</em>: an instruction that begins an is_stmt row of the line
 * table (after the function's prologue; see {@link SourceModel#stepPoint}) whose line differs from the
 * line of the previous such instruction of the same frame, or that a jump backward reached (the next
 * iteration of a loop on one line). Forward, step over runs to the next line entry of the current
 * frame (calls run as a whole); step into also stops at the first line entry of a callee that has line
 * information (callees without any are run through); when the frame returns, stepping stops in the
 * caller if the return lands on the start of another line than the call's (as gdb does), and otherwise
 * goes on to the caller's next line entry. Backward, step over and step into go to the previous line
 * entry, so that stepping back and then forward again visits the same steps while they stay in one
 * frame (a forward step that returned into the caller is undone, as gdb's reverse-next does, by going
 * back over the whole call to the caller's previous line); reverse step into enters a callee that
 * returned just before, at the entry of its last line. Step out runs to just after the
 * frame returns, backward to the call that entered it. Frames are counted the way the source shows
 * them: an inlined call is a frame of its own.
 *
 * <p>A step is found in two passes: first where the line logic alone lands, then whether an enabled
 * breakpoint or watchpoint stops the program on the way there (in a called function, in an inlined
 * call, or in the line itself), as gdb's next stops at a breakpoint in the function it steps over.
 * Forward, the line logic moves one instruction at a time (calls run at full speed); backward, it reads
 * the states before the current one from windows replayed once each ({@link History}), so a reverse
 * step costs about what a forward one does instead of one replay per instruction. Forward steps at the
 * end of a live recording record more of the program, as the instruction-level commands do.
 */
public final class SourceStepper {
    public enum Kind { OVER, INTO, OUT }

    private final ReplayTimeline timeline;
    private final SourceModel model;
    /** States before the current one, kept from one reverse step to the next (a recorded run never changes). */
    private final History past = new History();

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

        /**
         * The frame depth that stepping sees while it steps frame depth {@code stepping}: an instruction
         * that begins no row, in the Wasm frame being stepped, belongs to that frame. Optimised code
         * interleaves a few such instructions of the caller with an inlined call's (and the scopes' ranges
         * leave gaps); taking them as the inlined call's end would step out of it.
         */
        int seenDepth(int stepping) {
            return !point.statement() && depth == stepping / 256 ? stepping : frameDepth();
        }
    }

    private Here here() {
        Machine m = timeline.machine();
        if (m.callDepth() == 0 || m.status() == Machine.Status.FINISHED) return null;
        FrameView f = m.frame(m.callDepth() - 1);
        return here(m.stepCount(), m.callDepth(), f.function().code(), f.pc(), f.wasmOffset());
    }

    private Here here(long step, int depth, CompiledFunction code, int pc, int offset) {
        return new Here(step, depth, code, pc, offset, model.stepPoint(code, offset));
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
        long from = timeline.currentStep();
        try {
            Stop target = direction == Direction.FORWARD ? forward(kind) : backward(kind);
            if (target.reason() == Stop.Reason.PAUSED) return target;
            Stop user = timeline.userStopBetween(from, target.step(), direction);
            if (user != null) return user;
            if (timeline.currentStep() != target.step()) timeline.moveTo(target.step());
            return target;
        } finally {
            timeline.clearPause();
            timeline.refresh();
        }
    }

    private Stop paused(long step) {
        timeline.moveTo(step);
        return new Stop(Stop.Reason.PAUSED, step, -1);
    }

    private Stop end() {
        timeline.moveTo(timeline.endStep());
        return timeline.endStop();
    }

    private Stop start() {
        timeline.moveTo(0);
        return new Stop(Stop.Reason.START, 0, -1);
    }

    private static boolean isCall(Here h) {
        int op = h.code.opcodeAt(h.pc);
        return op == Op.CALL || op == Op.CALL_INDIRECT;
    }

    private Stop forward(Kind kind) {
        Here cur = here();
        if (cur == null) return end();
        if (kind == Kind.OVER && !model.hasLineInfo(cur.code)) kind = Kind.INTO; // no line here: the next line anywhere
        if (kind == Kind.OUT && cur.point.inlineDepth() == 0) return timeline.stepOutPlain(Direction.FORWARD);
        int depth = cur.frameDepth();
        StepPoint line = cur.point;
        int lastOffset = cur.offset;        // offset of the last instruction of this frame passed
        Here lastPlaced = cur;              // the last instruction passed that has a line
        while (true) {
            if (timeline.pauseRequested()) return paused(cur.step);
            if (cur.step >= timeline.endStep()) {
                // At the end of a live recording, record more of the program and go on.
                if (!timeline.canExtend() || !timeline.extend(ReplayTimeline.EXTEND_CHUNK) || cur.step >= timeline.endStep()) return end();
            }
            if (isCall(cur) && kind != Kind.INTO) {
                Stop s = timeline.stepOverPlain(Direction.FORWARD);
                if (s.reason() != Stop.Reason.STEP) return s;
            } else {
                timeline.moveTo(cur.step + 1);
            }
            Here next = here();
            if (next == null) return end();
            if (kind == Kind.INTO && next.depth > cur.depth && !model.hasLineInfo(next.code)) {
                Stop s = timeline.stepOutPlain(Direction.FORWARD); // a callee without line info runs as a whole
                if (s.reason() != Stop.Reason.STEP) return s;
                next = here();
                if (next == null) return end();
            }
            Here before = cur;
            if (before.point.position() != null) lastPlaced = before;
            cur = next;
            int d = next.seenDepth(depth);
            if (kind == Kind.OUT) {
                if (d < depth) return Stop.step(next.step);
                continue;
            }
            if (d > depth) {
                if (kind == Kind.INTO && next.point.statement()) return Stop.step(next.step);
                continue;
            }
            if (d < depth) {
                // Back in the caller: a stop if the return lands on the start of another line than the call's;
                // otherwise on to the caller's next line entry.
                StepPoint callLine = callerLine(before, lastPlaced, next);
                if (next.point.statement() && !next.point.sameLine(callLine)) return Stop.step(next.step);
                // Back in a caller without line info (the start-up code after main): the next line anywhere.
                if (kind == Kind.OVER && !model.hasLineInfo(next.code)) kind = Kind.INTO;
                depth = d;
                line = callLine;
                lastOffset = next.offset;
                continue;
            }
            if (next.point.statement() && (!next.point.sameLine(line) || next.offset < lastOffset)) return Stop.step(next.step);
            lastOffset = next.offset;
        }
    }

    /**
     * The caller's line at the call {@code before} returned from (a Wasm call, or an inlined call left).
     * For an inlined call, the call site is read from {@code lastPlaced}, the last instruction passed that
     * has a line: optimised code leaves a few instructions without one between an inlined call's last
     * line and the caller's next, and those say nothing about the call.
     */
    private StepPoint callerLine(Here before, Here lastPlaced, Here next) {
        if (next.depth < before.depth) {
            int i = next.code.instructionIndexAt(next.pc);
            if (i <= 0) return next.point;
            return model.stepPoint(next.code, next.code.wasmOffset(next.code.instructionPc(i - 1))); // the call
        }
        if (lastPlaced.depth != next.depth) return next.point;
        List<SourceFrame> frames = model.framesOf(new CodeFrame(lastPlaced.code.index, null, lastPlaced.offset, true));
        int left = lastPlaced.point.inlineDepth() - next.point.inlineDepth();
        if (left <= 0 || left >= frames.size() || frames.get(left).position() == null) return next.point;
        return new StepPoint(frames.get(left).position(), false, next.point.inlineDepth());
    }

    private Stop backward(Kind kind) {
        long from = timeline.currentStep();
        past.startSearch();
        Here cur = here();
        if (cur == null) {
            // The program has finished: nothing runs at the last state; start from the instruction before it.
            if (from <= 0) return start();
            cur = past.at(from - 1);
            if (cur == null) return start();
        }
        if (kind == Kind.OUT && cur.point.inlineDepth() == 0) return timeline.stepOutPlain(Direction.BACKWARD);
        if (kind == Kind.OVER && !model.hasLineInfo(cur.code)) kind = Kind.INTO; // no line here (as after the end): the last line anywhere
        Scan scan = new Scan(from, cur);
        while (true) {
            if (timeline.pauseRequested()) return paused(cur.step);
            if (cur.step <= 0) {
                if (scan.pending != null && scan.pending.step < scan.from) return land(scan.pending);
                return start();
            }
            Here prev;
            if (kind == Kind.OVER || kind == Kind.OUT) {
                prev = past.latestWithin(cur.step - 1, cur.depth); // back over a call to the call instruction
            } else {
                prev = past.at(cur.step - 1);
                if (prev != null && prev.depth > cur.depth && (!model.hasLineInfo(prev.code) || scan.pending != null)) {
                    // A callee returned just before. Without line info it is skipped; with line info it is
                    // entered only if no line of this frame after it is the answer (see Scan.enterCallee).
                    if (model.hasLineInfo(prev.code) && scan.callee < 0) scan.callee = prev.step;
                    prev = past.latestWithin(prev.step - 1, prev.depth - 1);
                }
            }
            if (prev == null) return start();
            int d = prev.seenDepth(scan.depth);
            if (kind == Kind.OUT) {
                if (d < scan.depth) return Stop.step(prev.step);
                cur = prev;
                continue;
            }
            if (d > scan.depth) {
                // Step into only: a Wasm callee (with line info, nothing pending) or an inlined call. With
                // nothing pending, its last line is the answer; otherwise it is entered only if no line of
                // this frame after it is (see Scan.callee), as for a Wasm callee.
                if (kind == Kind.INTO) {
                    if (scan.pending == null) scan.restart(prev);
                    else if (scan.callee < 0) scan.callee = prev.step;
                }
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
                // Back in a caller without line info (the start-up code): the previous line anywhere, as forward.
                if (kind == Kind.OVER && !model.hasLineInfo(prev.code)) kind = Kind.INTO;
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
        /** Step of the last state of the latest callee with line info passed over (for an inlined call, its
         *  last state that begins a row), or -1. */
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
        Here h = past.at(scan.callee);
        scan.restart(h);
        return h;
    }

    private Stop land(Here h) {
        timeline.moveTo(h.step);
        return Stop.step(h.step);
    }

    /**
     * The states before the one a backward step starts from, read from a window of the timeline that
     * is replayed once, one instruction at a time, and kept for the next reverse steps (a few thousand
     * steps, twice as many each time one search goes further back). A call that began before the
     * window is skipped through the timeline's own step out, which finds it from the journal without
     * replaying the callee step by step.
     */
    private final class History {
        private static final int FIRST_WINDOW = 1 << 12;
        private static final int MAX_WINDOW = 1 << 16;
        private long start = -1;
        private int size = FIRST_WINDOW;
        private int[] depth = new int[0];
        private int[] function = new int[0];
        private int[] pc = new int[0];
        private int[] offset = new int[0];

        /** A new backward search begins: its first window, if one is needed, is a small one. */
        void startSearch() {
            size = FIRST_WINDOW;
        }

        private boolean holds(long s) {
            return start >= 0 && s >= start && s < start + depth.length;
        }

        /** The state at step {@code s}, or null if no function runs there. */
        Here at(long s) {
            if (!holds(s)) load(s + 1);
            int i = (int) (s - start);
            if (depth[i] == 0) return null;
            return here(s, depth[i], timeline.compiledModule().function(function[i]), pc[i], offset[i]);
        }

        /** The latest state at or before step {@code s} whose Wasm call depth is at most {@code maxDepth}, or null. */
        Here latestWithin(long s, int maxDepth) {
            for (; s >= 0; s--) {
                if (!holds(s)) {
                    if (start < 0 || s + 1 != start) {
                        load(s + 1);
                    } else {
                        // The call began before this window: find it from the journal.
                        timeline.moveTo(s);
                        while (timeline.machine().callDepth() > maxDepth) {
                            Stop out = timeline.stepOutPlain(Direction.BACKWARD);
                            if (out.reason() != Stop.Reason.STEP) break;
                        }
                        return at(timeline.currentStep());
                    }
                }
                int i = (int) (s - start);
                if (depth[i] <= maxDepth) return depth[i] == 0 ? null : at(s);
            }
            return null;
        }

        /** Replays the window of states ending just before {@code end}. */
        private void load(long end) {
            long from = Math.max(0, end - size);
            int n = (int) (end - from);
            depth = new int[n];
            function = new int[n];
            pc = new int[n];
            offset = new int[n];
            timeline.moveTo(from);
            for (int i = 0; i < n; i++) {
                if (i > 0) timeline.moveTo(from + i);
                Machine m = timeline.machine();
                int d = m.status() == Machine.Status.FINISHED ? 0 : m.callDepth();
                depth[i] = d;
                if (d > 0) {
                    FrameView f = m.frame(d - 1);
                    function[i] = f.function().index();
                    pc[i] = f.pc();
                    offset[i] = f.wasmOffset();
                }
            }
            start = from;
            size = Math.min(size * 2, MAX_WINDOW);
        }
    }
}
