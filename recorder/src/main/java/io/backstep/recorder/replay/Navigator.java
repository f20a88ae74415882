package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.Optional;

/**
 * The navigation commands over a replay: stepping over and out in both directions, continuing to
 * breakpoints and watchpoints, run-to, and the last-write query. Each command is a search
 * ({@link ProbeSet}: what it looks for) run by {@link ProbedReplay}; what users set to stop at lives
 * in {@link StopPoints}, hit counting in {@link HitCounts}. The parts depend one way: commands on the
 * engine and the registry, all of them on {@link ReplayControl} only.
 */
final class Navigator {
    private final ReplayControl replay;
    private final ProbedReplay search;
    private final StopPoints points;
    private final HitCounts hits;

    Navigator(ReplayControl replay) {
        this.replay = replay;
        this.search = new ProbedReplay(replay);
        this.points = new StopPoints(replay.module());
        this.hits = new HitCounts(replay, search, points);
    }

    /** What users set to stop at. */
    StopPoints points() {
        return points;
    }

    HitCounts hits() {
        return hits;
    }

    /**
     * The same breakpoints and watchpoints over a recording that grew (see ReplayTimeline.extend):
     * caches that depend on the recording's length are dropped.
     */
    Navigator rebind() {
        hits.recordingGrew();
        return this;
    }

    /** What a user's step or continue stops at besides its own target: every enabled breakpoint and watchpoint. */
    private ProbeSet userProbes() {
        ProbeSet q = search.probes();
        points.addEnabled(q);
        return q;
    }

    private Stop run(ProbeSet q, Direction direction) {
        return search.run(q, direction, replay.machine().stepCount());
    }

    /** Internal pc of the instruction before the one at {@code pc} (for a return address: the call). */
    private static int previousPc(CompiledFunction code, int pc) {
        return code.instructionPc(Math.max(0, code.instructionIndexAt(pc) - 1));
    }

    Stop stepOver(Direction direction) {
        Machine m = replay.machine();
        long c = m.stepCount();
        if (direction == Direction.FORWARD) {
            if (c >= replay.endStep()) {
                replay.moveTo(replay.endStep());
                return replay.endStop();
            }
            int d = m.callDepth();
            FrameView top = m.frame(d - 1);
            CompiledFunction code = top.function().code();
            int pc = top.pc();
            int op = code.opcodeAt(pc);
            if (op != Op.CALL && op != Op.CALL_INDIRECT) return replay.stepInto(Direction.FORWARD);
            // Run until this frame is back, just after the call (a host call is back one step later).
            ProbeSet q = userProbes();
            q.add(Probe.stepTarget(code, pc + Op.length(code.code, pc, op), d));
            return run(q, Direction.FORWARD);
        }
        if (c <= 0) return search.start();
        // A finished machine has no frames; its last instruction was the outermost return.
        int d = Math.max(1, m.callDepth());
        replay.moveTo(c - 1);
        if (m.callDepth() <= d) return c - 1 == 0 ? search.start() : Stop.step(c - 1);
        // The previous step returned from a callee: go back to the call that made it.
        FrameView caller = m.frame(d - 1);
        CompiledFunction code = caller.function().code();
        ProbeSet q = userProbes();
        q.add(Probe.stepTarget(code, previousPc(code, caller.pc()), d));
        return search.run(q, Direction.BACKWARD, c);
    }

    Stop stepOut(Direction direction) {
        Machine m = replay.machine();
        long c = m.stepCount();
        if (direction == Direction.FORWARD && c >= replay.endStep()) {
            replay.moveTo(replay.endStep());
            return replay.endStop();
        }
        if (direction == Direction.BACKWARD && c <= 0) return search.start();
        int d = m.callDepth();
        ProbeSet q = userProbes();
        if (d >= 2) {
            FrameView caller = m.frame(d - 2);
            CompiledFunction code = caller.function().code();
            int pc = direction == Direction.FORWARD ? caller.pc() : previousPc(code, caller.pc());
            q.add(Probe.stepTarget(code, pc, d - 1));
        }
        // In the outermost frame there is nothing to return to: this runs to the end (or start),
        // stopping at breakpoints and watchpoints on the way.
        return run(q, direction);
    }

    Stop resume(Direction direction) {
        return run(userProbes(), direction);
    }

    Stop runTo(int functionIndex, int wasmOffset, Direction direction) {
        CompiledFunction code = points.definedFunction(functionIndex);
        ProbeSet q = search.probes();
        q.add(Probe.stepTarget(code, StopPoints.pcFor(code, wasmOffset), -1));
        return run(q, direction);
    }

    /**
     * The last write to [address, address + length) completed at or before state {@code beforeStep}
     * (so the value seen there is the one it wrote). Bytes last set by data segments at instantiation,
     * before step 0, have no writing instruction: the answer is then empty. The timeline stays where it
     * was. Not interruptible by pause (the query has no way to report a partial answer).
     */
    Optional<WriteInfo> lastWrite(long address, int length, long beforeStep) {
        if (length <= 0 || address < 0) throw new IllegalArgumentException("bad range: address " + address + ", length " + length);
        Machine m = replay.machine();
        long c = m.stepCount();
        long bound = Math.min(beforeStep, replay.endStep()) + 1;
        if (bound <= 1) return Optional.empty();
        ProbeSet q = search.probes();
        q.addMemory(-1, address, length);
        ProbedReplay.Found f;
        try {
            q.install();
            f = search.backward(q, bound, c, false);
        } finally {
            q.uninstall();
        }
        Optional<WriteInfo> result = Optional.empty();
        Hit h = f.hit();
        if (h != null && h.wasiEvent() >= 0) {
            // The caller is the frame that executed the call instruction, at the state before it.
            replay.moveTo(h.step() - 1);
            FrameView top = m.frame(m.callDepth() - 1);
            String call = replay.recording().wasiEvents().get(h.wasiEvent()).functionName();
            result = Optional.of(new WriteInfo(h.step(), top.function().index(), top.function().displayName(), top.wasmOffset(), call));
        } else if (h != null) {
            result = Optional.of(new WriteInfo(h.step(), h.functionIndex(), h.functionName(), h.wasmOffset(), null));
        }
        replay.moveTo(c);
        return result;
    }
}
