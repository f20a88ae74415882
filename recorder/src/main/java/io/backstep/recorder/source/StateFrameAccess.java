package io.backstep.recorder.source;

import io.backstep.engine.debuginfo.DebugInfoException;
import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;

/**
 * One frame of a recorded state, for DWARF location expressions: its locals and operands as the
 * state copied them, the globals, and memory read through the state (valid while the timeline stays
 * at that step).
 */
public final class StateFrameAccess implements FrameAccess {
    private final MachineState state;
    private final FrameInfo frame;

    public StateFrameAccess(MachineState state, FrameInfo frame) {
        this.state = state;
        this.frame = frame;
    }

    @Override
    public long local(int index) {
        if (index < 0 || index >= frame.locals().size()) throw new DebugInfoException("no local " + index + " in this frame");
        return frame.locals().get(index).value().lo();
    }

    @Override
    public long global(int index) {
        if (index < 0 || index >= state.globals().size()) throw new DebugInfoException("no global " + index);
        return state.globals().get(index).value().lo();
    }

    @Override
    public long operand(int index) {
        if (index < 0 || index >= frame.operands().size()) throw new DebugInfoException("no operand stack value " + index + " in this frame");
        Value v = frame.operands().get(index);
        return v.lo();
    }

    @Override
    public boolean readMemory(long address, byte[] dst) {
        if (address < 0 || address + dst.length > state.memorySize()) return false;
        byte[] b = state.readMemory(address, dst.length);
        if (b.length != dst.length) return false;
        System.arraycopy(b, 0, dst, 0, dst.length);
        return true;
    }
}
