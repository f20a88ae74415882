package io.backstep.app.dap;

import io.backstep.engine.source.CValue;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.ValueNode;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Timeline;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.Variable;

/**
 * Expressions typed by the person debugging, in a frame of the current stop: C where the frame has
 * debug info, else (or when the text is not C for the frame: {@code $0 + 4}, a WebAssembly global's
 * name) the WebAssembly-level condition language. Answers {@code evaluate}, and says what memory a
 * data breakpoint on an expression watches.
 */
final class Expressions {
    private final Timeline timeline;
    private final Supplier<StopView> stop;
    private final VariableHandles handles;

    /** {@code stop} gives the stop the timeline stands at (it fails when the program is not stopped). */
    Expressions(Timeline timeline, Supplier<StopView> stop, VariableHandles handles) {
        this.timeline = timeline;
        this.stop = stop;
        this.handles = handles;
    }

    EvaluateResponse evaluate(String expression, Integer frameId) {
        if (expression == null || expression.isBlank()) throw new DapException("'expression' is empty");
        StopView view = stop.get();
        CodeLocations.Frame frame = view.frame(frameId);
        SourceException notC = null;
        if (frame.sourceFrame() != null) {
            try {
                return fromC(view, frame.sourceFrame(), expression.strip());
            } catch (SourceException e) {
                notC = e; // perhaps WebAssembly-level text: tried next
            }
        }
        Value v;
        try {
            v = timeline.evaluate(expression, frame.wasmDepth());
        } catch (IllegalArgumentException notWasm) {
            // '$N' is WebAssembly-level syntax: its error says more; otherwise the C one does.
            if (notC != null && !expression.contains("$")) throw notC;
            throw notWasm;
        }
        EvaluateResponse r = new EvaluateResponse();
        r.setResult(v.decimal());
        r.setType(v.type().name().toLowerCase());
        r.setVariablesReference(0);
        r.setMemoryReference(WasmScopes.memoryReference(view.state(), v));
        return r;
    }

    /** A C value, expandable like a variable, with the address of an lvalue as its memory reference. */
    private EvaluateResponse fromC(StopView view, SourceFrame frame, String expression) {
        CValue value = view.source().evaluate(expression, frame);
        Variable v = CVariables.variable(new ValueNode(expression, value, view.source().access(frame)), expression, handles);
        EvaluateResponse r = new EvaluateResponse();
        r.setResult(v.getValue());
        r.setType(v.getType());
        r.setVariablesReference(v.getVariablesReference());
        r.setMemoryReference(v.getMemoryReference());
        return r;
    }

    /**
     * What a data breakpoint on {@code text} watches: a number is an address ({@code bytes} long, 4
     * by default); in a frame with debug info, a C lvalue is its own bytes ({@code board.leader},
     * {@code p->next}, {@code a[3]}); otherwise, or with {@code asAddress}, the expression's value is
     * the address.
     */
    DataId watch(String text, Integer frameId, Integer bytes, boolean asAddress) {
        if (text == null || text.isBlank()) throw new DapException("'name' is missing: give an address or an expression");
        int length = bytes == null ? 4 : bytes;
        try {
            return DataId.memory(Addresses.parse(text, "address"), length);
        } catch (DapException notANumber) {
            // an expression: below
        }
        StopView view = stop.get();
        CodeLocations.Frame frame = view.frame(frameId);
        if (!asAddress && frame.sourceFrame() != null) {
            CValue value;
            try {
                value = view.source().evaluate(text, frame.sourceFrame());
            } catch (SourceException notC) {
                try {
                    return DataId.memory(valueAsAddress(text, frame), length);
                } catch (IllegalArgumentException notWasm) {
                    throw notC;
                }
            }
            return CVariables.lvalue(text, value);
        }
        return DataId.memory(valueAsAddress(text, frame), length);
    }

    private long valueAsAddress(String text, CodeLocations.Frame frame) {
        return timeline.evaluate(text, frame.wasmDepth()).lo() & 0xFFFFFFFFL;
    }
}
