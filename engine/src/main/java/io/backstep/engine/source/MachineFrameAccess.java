package io.backstep.engine.source;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.debuginfo.DebugInfoException;
import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;

/**
 * The state of one frame of a paused (or trapped) machine, for location expressions: locals, globals,
 * the frame's operand stack and linear memory. Operand values are counted a slot each (a v128 value
 * takes two), which is what clang's DWARF means for the scalar values it describes there.
 */
public final class MachineFrameAccess implements FrameAccess {
    private final Machine machine;
    private final FrameView frame;
    private final Instance instance;

    /** Frame {@code frameIndex} (0 is the outermost) of {@code machine}, running in {@code instance}. */
    public MachineFrameAccess(Machine machine, int frameIndex, Instance instance) {
        this.machine = machine;
        this.frame = machine.frame(frameIndex);
        this.instance = instance;
    }

    @Override
    public long local(int index) {
        CompiledFunction code = frame.function().code();
        if (index < 0 || index >= code.localCount()) throw new DebugInfoException("no local " + index + " in this frame");
        return machine.slot(frame.base() + code.localSlot(index));
    }

    @Override
    public long global(int index) {
        if (index < 0 || index >= instance.globalCount()) throw new DebugInfoException("no global " + index);
        return instance.global(index).get();
    }

    @Override
    public long operand(int index) {
        int slot = frame.operandBase() + index;
        if (index < 0 || slot >= frame.top()) throw new DebugInfoException("no operand stack value " + index + " in this frame");
        return machine.slot(slot);
    }

    @Override
    public boolean readMemory(long address, byte[] dst) {
        Memory m = instance.memory();
        if (m == null || address < 0 || address + dst.length > m.byteSize()) return false;
        m.read(address, dst, 0, dst.length);
        return true;
    }
}
