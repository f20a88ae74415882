package io.backstep.app.ui.view;

import io.backstep.app.ui.SourceStop;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * One row: the Wasm frame it runs in, and the source frame ({@code source}, null without debug
 * info) with its index among the stop's source frames.
 */
public record CallStackRow(FrameInfo frame, SourceStop.Frame source, int sourceIndex) {
    /** The function's name as the module or the debug info has it (unescaped). */
    public String functionName() {
        return source != null && source.function() != null ? source.function() : frame.functionName();
    }

    public int functionIndex() {
        return frame.functionIndex();
    }

    /** The row's text: function name (escaped), then file:line or the Wasm offset. */
    public String text() {
        String n = functionName();
        String name = n != null ? SafeText.escape(n) : "func[" + frame.functionIndex() + "]";
        if (source == null) return String.format("%s  @0x%06x", name, frame.wasmOffset());
        String where = source.where();
        return name + (source.inlined() ? " [inlined]" : "") + "  "
            + (where != null ? SafeText.escape(where) : String.format("@0x%06x", source.wasmOffset()));
    }

    /** The rows for Wasm frames (outermost first) and their source frames (innermost first, may be null). */
    public static List<CallStackRow> of(List<FrameInfo> frames, SourceStop source) {
        List<CallStackRow> rows = new ArrayList<>();
        if (source != null && !source.frames().isEmpty()) {
            for (int i = 0; i < source.frames().size(); i++) {
                SourceStop.Frame f = source.frames().get(i);
                int wasm = frames.size() - 1 - f.wasmFrame();
                if (wasm >= 0 && wasm < frames.size()) rows.add(new CallStackRow(frames.get(wasm), f, i));
            }
        } else {
            for (int i = frames.size() - 1; i >= 0; i--) rows.add(new CallStackRow(frames.get(i), null, -1));
        }
        return rows;
    }
}
