package io.backstep.app.ui.view;

import io.backstep.app.ui.SourceStop;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/**
 * Call frames, innermost first (as debuggers list them). With debug info each frame shows its function
 * and file:line, and an inlined call is a frame of its own; selecting a frame shows its variables.
 */
public final class CallStackView extends ListView<CallStackView.Entry> {
    /**
     * One row: the Wasm frame it runs in, and the source frame ({@code source}, null without debug
     * info) with its index among the stop's source frames.
     */
    public record Entry(FrameInfo frame, SourceStop.Frame source, int sourceIndex) {
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
    }

    public CallStackView() {
        getStyleClass().addAll("call-stack", "dense");
        setPlaceholder(new Label("No call stack."));
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Entry e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("top-frame", "inlined-frame");
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                setText(e.text());
                if (getIndex() == 0) getStyleClass().add("top-frame");
                if (e.source() != null && e.source().inlined()) getStyleClass().add("inlined-frame");
            }
        });
    }

    /** Wasm frames only (outermost first, as the machine state lists them). */
    public void setFrames(List<FrameInfo> frames) {
        setFrames(frames, null);
    }

    /** Wasm frames (outermost first), shown as the source frames of {@code source} when there are some. */
    public void setFrames(List<FrameInfo> frames, SourceStop source) {
        List<Entry> rows = entries(frames, source);
        getItems().setAll(rows);
        if (!rows.isEmpty()) getSelectionModel().select(0);
    }

    /** The rows for Wasm frames (outermost first) and their source frames (innermost first, may be null). */
    public static List<Entry> entries(List<FrameInfo> frames, SourceStop source) {
        List<Entry> rows = new ArrayList<>();
        if (source != null && !source.frames().isEmpty()) {
            for (int i = 0; i < source.frames().size(); i++) {
                SourceStop.Frame f = source.frames().get(i);
                int wasm = frames.size() - 1 - f.wasmFrame();
                if (wasm >= 0 && wasm < frames.size()) rows.add(new Entry(frames.get(wasm), f, i));
            }
        } else {
            for (int i = frames.size() - 1; i >= 0; i--) rows.add(new Entry(frames.get(i), null, -1));
        }
        return rows;
    }
}
