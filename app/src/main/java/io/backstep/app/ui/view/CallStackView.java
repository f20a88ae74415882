package io.backstep.app.ui.view;

import io.backstep.app.ui.SourceStop;
import io.backstep.recorder.state.FrameInfo;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/**
 * Call frames, innermost first (as debuggers list them). With debug info each frame shows its function
 * and file:line, and an inlined call is a frame of its own; selecting a frame shows its variables.
 */
public final class CallStackView extends ListView<CallStackRow> {
    public CallStackView() {
        getStyleClass().addAll("call-stack", "dense");
        setPlaceholder(new Label("No call stack."));
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(CallStackRow e, boolean empty) {
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
        List<CallStackRow> rows = CallStackRow.of(frames, source);
        getItems().setAll(rows);
        if (!rows.isEmpty()) getSelectionModel().select(0);
    }
}
