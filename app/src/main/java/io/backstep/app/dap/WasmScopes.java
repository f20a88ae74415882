package io.backstep.app.dap;

import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.engine.model.ValType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.Variable;

/**
 * The WebAssembly-level scopes of a frame: its locals (parameters first), its operand stack, and the
 * module's globals. Integer values that fall inside linear memory carry a memoryReference, so the
 * client can open memory there.
 */
final class WasmScopes {
    private WasmScopes() {
    }

    /**
     * The scopes of frame {@code depth}; {@code besideSource} names them "WebAssembly locals", ... as
     * they then follow the source-level "Locals" and "Globals".
     */
    static List<Scope> of(MachineState state, int depth, VariableHandles handles, boolean besideSource) {
        FrameInfo frame = state.frames().get(depth);
        List<Scope> out = new ArrayList<>();
        out.add(VariableContainer.scope(besideSource ? "WebAssembly locals" : "Locals", besideSource ? null : "locals", frame.locals().size(),
                handles.add(new Locals(state, frame))));
        out.add(VariableContainer.scope(besideSource ? "WebAssembly operand stack" : "Operand stack", "registers", frame.operands().size(),
                handles.add(new Operands(state, frame))));
        out.add(VariableContainer.scope(besideSource ? "WebAssembly globals" : "Globals", null, state.globals().size(), handles.add(new Globals(state))));
        return out;
    }

    /** A variable showing {@code value}; {@code evaluateName} is null when the expression language cannot name it. */
    static Variable variable(MachineState state, String name, Value value, String evaluateName) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(value.decimal());
        v.setType(value.type().name().toLowerCase());
        v.setEvaluateName(evaluateName);
        v.setVariablesReference(0);
        String ref = memoryReference(state, value);
        if (ref != null) v.setMemoryReference(ref);
        return v;
    }

    /** An i32 that could be a pointer into memory 0, as a memory reference; else null. */
    static String memoryReference(MachineState state, Value value) {
        if (value.type() != ValType.I32) return null;
        long address = value.lo() & 0xFFFFFFFFL;
        return address < state.memorySize() ? Addresses.format(address) : null;
    }

    private record Locals(MachineState state, FrameInfo frame) implements VariableContainer {
        @Override
        public List<Variable> variables(VariableHandles handles) {
            List<Variable> out = new ArrayList<>();
            for (LocalVar l : frame.locals()) out.add(variable(state, l.label(), l.value(), l.label()));
            return out;
        }

        @Override
        public DataId dataId(String name) {
            throw new DapException("a WebAssembly local lives outside memory and cannot be watched; watch memory by address instead");
        }
    }

    private record Operands(MachineState state, FrameInfo frame) implements VariableContainer {
        @Override
        public List<Variable> variables(VariableHandles handles) {
            List<Variable> out = new ArrayList<>();
            List<Value> ops = frame.operands();
            // Top of the stack first, as it is the one the next instruction uses.
            for (int i = ops.size() - 1; i >= 0; i--) out.add(variable(state, "[" + i + "]", ops.get(i), null));
            return out;
        }

        @Override
        public DataId dataId(String name) {
            throw new DapException("operand stack slots cannot be watched; watch memory by address instead");
        }
    }

    private record Globals(MachineState state) implements VariableContainer {
        @Override
        public List<Variable> variables(VariableHandles handles) {
            List<Variable> out = new ArrayList<>();
            for (GlobalVar g : state.globals()) out.add(variable(state, g.label(), g.value(), g.label()));
            return out;
        }

        @Override
        public DataId dataId(String name) {
            for (GlobalVar g : state.globals()) {
                if (g.label().equals(name)) {
                    if (!g.mutable()) throw new DapException("global " + name + " is immutable: nothing ever writes it");
                    return DataId.global(g.index());
                }
            }
            throw new DapException("no global '" + name + "'");
        }
    }
}
