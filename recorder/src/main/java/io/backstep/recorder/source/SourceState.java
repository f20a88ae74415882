package io.backstep.recorder.source;

import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.engine.source.CValue;
import io.backstep.engine.source.CodeFrame;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.ValueNode;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded state seen at the source level: its source frames (innermost first, inlined calls as
 * frames), each frame's variables and globals as value trees, and C expressions evaluated in a frame.
 * Valid while the timeline stays at the state's step (values read memory lazily).
 */
public final class SourceState {
    private final SourceModel model;
    private final MachineState state;
    private final List<SourceFrame> frames;

    public SourceState(SourceModel model, MachineState state) {
        this.model = model;
        this.state = state;
        this.frames = model.frames(codeFrames(state));
    }

    /** The Wasm frames of a state, innermost first, as the source model takes them. */
    public static List<CodeFrame> codeFrames(MachineState state) {
        List<FrameInfo> fs = state.frames();
        List<CodeFrame> out = new ArrayList<>(fs.size());
        for (int i = fs.size() - 1; i >= 0; i--) {
            FrameInfo f = fs.get(i);
            out.add(new CodeFrame(f.functionIndex(), f.functionName(), f.wasmOffset(), i == fs.size() - 1));
        }
        return out;
    }

    public SourceModel model() { return model; }
    public MachineState state() { return state; }

    /** Source frames, innermost first; empty once the program has ended. */
    public List<SourceFrame> frames() { return frames; }

    /** The innermost source frame, or null when no frame is running. */
    public SourceFrame top() {
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** The state of the Wasm frame a source frame belongs to. */
    public FrameAccess access(SourceFrame frame) {
        List<FrameInfo> fs = state.frames();
        return new StateFrameAccess(state, fs.get(fs.size() - 1 - frame.wasmFrame()));
    }

    public List<ValueNode> variables(SourceFrame frame) {
        return model.variables(frame, access(frame));
    }

    public List<ValueNode> globals(SourceFrame frame) {
        return model.globals(frame, access(frame));
    }

    /** A C expression in a frame (throws {@link io.backstep.engine.source.SourceException} with a one-line message). */
    public CValue evaluate(String expression, SourceFrame frame) {
        return model.evaluate(expression, frame, access(frame));
    }

    /** A C expression in the innermost frame, as a value tree row named by the expression. */
    public ValueNode watch(String expression) {
        SourceFrame f = top();
        if (f == null) throw new io.backstep.engine.source.SourceException("no frame: the program is not running");
        return new ValueNode(expression, evaluate(expression, f), access(f));
    }

    /** Memory a C lvalue occupies, with its type: what a watchpoint or "who wrote this" needs. */
    public record LValue(String expression, long address, int length, String type) { }

    /** The memory of a C lvalue in the innermost frame ({@code st.divisor}, {@code p->next}, {@code a[3]}). */
    public LValue lvalue(String expression) {
        SourceFrame f = top();
        if (f == null) throw new io.backstep.engine.source.SourceException("no frame: the program is not running");
        CValue v = evaluate(expression, f);
        if (!v.inMemory()) {
            throw new io.backstep.engine.source.SourceException(expression + " is not in linear memory"
                    + (v.storage() != null ? " (it lives in " + v.storage() + ")" : v.missing() != null ? " (" + v.missing() + ")" : ""));
        }
        long size = v.type().size();
        if (size <= 0 || size > (1 << 20)) throw new io.backstep.engine.source.SourceException(expression + " has no known size (" + v.type().name() + ")");
        return new LValue(expression, v.address(), (int) size, v.type().name());
    }
}
