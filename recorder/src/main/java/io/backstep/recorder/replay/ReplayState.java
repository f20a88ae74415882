package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.WasmFunction;
import io.backstep.engine.validate.FunctionCompiler;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The machine state at one step, read out of the replay machine. Frames, locals, operands and
 * globals are copied when built; memory is read live, so it is only valid until the timeline moves
 * (a stale read throws IllegalStateException rather than showing another step's bytes).
 */
final class ReplayState implements MachineState {
    private final long step;
    private final Status status;
    private final String trapMessage;
    private final int exitStatus;
    private final List<FrameInfo> frames;
    private final List<GlobalVar> globals;
    private final Instance instance;
    private final long generation;
    private final LongSupplier currentGeneration;

    ReplayState(Machine m, Instance instance, FunctionCompiler analysis, long generation, LongSupplier currentGeneration) {
        this.step = m.stepCount();
        this.instance = instance;
        this.generation = generation;
        this.currentGeneration = currentGeneration;
        switch (m.status()) {
            case FINISHED -> {
                status = Status.FINISHED;
                exitStatus = 0;
                trapMessage = null;
            }
            case TRAPPED -> {
                status = Status.TRAPPED;
                exitStatus = -1;
                trapMessage = m.trap().getMessage();
            }
            case HOST_EXIT -> {
                boolean exit = m.hostException() instanceof WasiExitException;
                status = exit ? Status.EXITED : Status.TRAPPED;
                exitStatus = exit ? ((WasiExitException) m.hostException()).exitCode() : -1;
                trapMessage = exit ? null : m.hostException().getMessage();
            }
            default -> {
                status = Status.RUNNING;
                exitStatus = -1;
                trapMessage = null;
            }
        }
        this.frames = frames(m, instance, analysis);
        this.globals = globals(instance);
    }

    private static List<FrameInfo> frames(Machine m, Instance instance, FunctionCompiler analysis) {
        WasmModule module = instance.module().module();
        int depth = m.callDepth();
        List<FrameInfo> out = new ArrayList<>(depth);
        for (int d = 0; d < depth; d++) {
            FrameView f = m.frame(d);
            WasmFunction fn = f.function();
            CompiledFunction code = fn.code();
            Map<Integer, String> localNames = module.names().localNames().getOrDefault(code.index, Map.of());
            List<LocalVar> locals = new ArrayList<>(code.localCount());
            int slot = f.base();
            for (int i = 0; i < code.localCount(); i++) {
                ValType t = code.localType(i);
                long lo = m.slot(slot);
                long hi = t == ValType.V128 ? m.slot(slot + 1) : 0;
                locals.add(new LocalVar(i, localNames.get(i), new Value(t, lo, hi)));
                slot += t.slots();
            }
            int calleeParams = d + 1 < depth ? m.frame(d + 1).function().type().paramCount() : 0;
            out.add(new FrameInfo(d, code.index, fn.displayName(), f.wasmOffset(), locals, operands(m, f, calleeParams, analysis, module)));
        }
        return List.copyOf(out);
    }

    /** Operand values typed by re-running validation up to the frame's position (the stack holds only bits). */
    private static List<Value> operands(Machine m, FrameView f, int calleeParams, FunctionCompiler analysis, WasmModule module) {
        CompiledFunction code = f.function().code();
        int defined = code.index - module.importedFunctionCount();
        ValType[] types;
        if (f.current()) {
            types = analysis.operandTypesAt(defined, f.wasmOffset());
        } else {
            // A caller sits after its call; while the callee runs, the call's arguments have become the
            // callee's locals. Types at the call instruction, minus the callee's parameters.
            int callPc = code.instructionPc(Math.max(0, code.instructionIndexAt(f.pc()) - 1));
            ValType[] atCall = analysis.operandTypesAt(defined, code.wasmOffset(callPc));
            types = atCall == null ? null : Arrays.copyOf(atCall, Math.max(0, atCall.length - calleeParams));
        }
        List<Value> values = new ArrayList<>();
        int slot = f.operandBase();
        if (types != null) {
            for (ValType t : types) {
                if (slot >= f.top()) break;
                ValType shown = t == null ? ValType.I64 : t;
                long hi = shown == ValType.V128 && slot + 1 < f.top() ? m.slot(slot + 1) : 0;
                values.add(new Value(shown, m.slot(slot), hi));
                slot += shown.slots();
            }
        }
        // Anything the analysis could not type (should not happen) is shown as raw 64-bit slots.
        for (; slot < f.top(); slot++) values.add(new Value(ValType.I64, m.slot(slot), 0));
        return List.copyOf(values);
    }

    private static List<GlobalVar> globals(Instance instance) {
        Map<Integer, String> names = instance.module().module().names().globalNames();
        List<GlobalVar> out = new ArrayList<>(instance.globalCount());
        for (int g = 0; g < instance.globalCount(); g++) {
            Global gl = instance.global(g);
            out.add(new GlobalVar(g, names.get(g), gl.type().mutable(), new Value(gl.type().type(), gl.get(), gl.getHigh())));
        }
        return List.copyOf(out);
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public String trapMessage() {
        return trapMessage;
    }

    @Override
    public int exitStatus() {
        return exitStatus;
    }

    @Override
    public List<FrameInfo> frames() {
        return frames;
    }

    @Override
    public List<GlobalVar> globals() {
        return globals;
    }

    private void checkFresh() {
        if (currentGeneration.getAsLong() != generation) {
            throw new IllegalStateException("this state of step " + step + " is stale: the timeline has moved");
        }
    }

    @Override
    public long memorySize() {
        Memory mem = instance.memory();
        return mem == null ? 0 : mem.byteSize();
    }

    @Override
    public byte[] readMemory(long address, int length) {
        checkFresh();
        Memory mem = instance.memory();
        if (mem == null || address >= mem.byteSize() || length <= 0) return new byte[0];
        long from = Math.max(0, address);
        int n = (int) Math.min(length, mem.byteSize() - from);
        return mem.read(from, n);
    }

    @Override
    public int tableCount() {
        return instance.tableCount();
    }

    @Override
    public List<Value> table(int index) {
        checkFresh();
        ValType t = instance.table(index).elemType();
        List<Value> out = new ArrayList<>();
        for (long v : instance.table(index).elementsCopy()) out.add(Value.of(t, v));
        return out;
    }
}
