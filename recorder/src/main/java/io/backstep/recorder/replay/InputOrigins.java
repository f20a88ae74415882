package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.recorder.timeline.MemoryRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the operands of the instruction about to run came from, when a load in the same call pushed
 * them: a divide-by-zero's divisor read by {@code i32.load offset=3456} is the memory a user wants to
 * ask "who wrote this?" about. Found by replaying a short window before the current step and following
 * the frame's operand stack slot by slot.
 */
final class InputOrigins {
    /** How far back a load may be; operands come from nearby instructions in practice. */
    static final int WINDOW = 512;

    private final ReplayTimeline timeline;

    InputOrigins(ReplayTimeline timeline) {
        this.timeline = timeline;
    }

    /** The loads behind the current instruction's operands, top of the stack first; leaves the timeline where it was. */
    List<MemoryRange> ofCurrentInstruction() {
        Machine m = timeline.machine();
        long now = m.stepCount();
        int depth = m.callDepth();
        if (depth == 0 || now == 0) return List.of();
        FrameView here = m.frame(depth - 1);
        int height = here.top() - here.operandBase();
        if (height == 0) return List.of();
        MemoryRange[] origin = new MemoryRange[height];
        try {
            timeline.moveTo(Math.max(0, now - WINDOW));
            int lastHeight = -1;
            MemoryRange pendingLoad = null;
            while (m.stepCount() < now) {
                FrameView f = m.callDepth() >= depth ? m.frame(depth - 1) : null;
                boolean inFrame = f != null && m.callDepth() == depth && f.base() == here.base() && f.function() == here.function();
                if (m.callDepth() < depth) {
                    // The frame (or an earlier call at its depth) ended: nothing seen so far belongs to it.
                    Arrays.fill(origin, null);
                    lastHeight = -1;
                }
                if (inFrame) {
                    int h = f.top() - f.operandBase();
                    if (lastHeight >= 0) settle(origin, lastHeight, h, pendingLoad);
                    pendingLoad = loadAbout(m, f);
                    lastHeight = h;
                }
                timeline.runForward(m.stepCount() + 1);
            }
            if (lastHeight >= 0) settle(origin, lastHeight, height, pendingLoad);
        } finally {
            timeline.moveTo(now);
            timeline.refresh();
        }
        List<MemoryRange> out = new ArrayList<>();
        for (int i = height - 1; i >= 0; i--) if (origin[i] != null) out.add(origin[i]);
        return out;
    }

    /**
     * Updates the slots' origins after the frame went from {@code before} to {@code after} operands: a
     * load replaces the top slot with the value it read; anything else (including a call that
     * returned) makes the new top slot its own and drops what it popped. A slot it left untouched may
     * be forgotten too (e.g. under {@code local.set}): a missed proposal, never a wrong one.
     */
    private static void settle(MemoryRange[] origin, int before, int after, MemoryRange load) {
        for (int i = Math.max(0, after - 1); i < origin.length; i++) origin[i] = null;
        if (load != null && after == before && after >= 1 && after - 1 < origin.length) origin[after - 1] = load;
    }

    /** The bytes the instruction at {@code f}'s pc reads if it is a plain load, else null. */
    private static MemoryRange loadAbout(Machine m, FrameView f) {
        CompiledFunction code = f.function().code();
        int op = code.opcodeAt(f.pc());
        if (op < Op.I32_LOAD || op > Op.I64_LOAD32_U || f.top() <= f.operandBase()) return null;
        long address = (m.slot(f.top() - 1) & 0xffffffffL) + (code.code[f.pc() + 1] & 0xffffffffL);
        int length = switch (op) {
            case Op.I64_LOAD, Op.F64_LOAD -> 8;
            case Op.I32_LOAD8_S, Op.I32_LOAD8_U, Op.I64_LOAD8_S, Op.I64_LOAD8_U -> 1;
            case Op.I32_LOAD16_S, Op.I32_LOAD16_U, Op.I64_LOAD16_S, Op.I64_LOAD16_U -> 2;
            default -> 4;
        };
        return new MemoryRange(address, length);
    }
}
