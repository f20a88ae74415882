package io.backstep.app.ui.view;

import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/** Call frames, innermost first (as debuggers list them). Selecting a frame shows its locals. */
public final class CallStackView extends ListView<FrameInfo> {
    public CallStackView() {
        getStyleClass().addAll("call-stack", "dense");
        setPlaceholder(new Label("No call stack."));
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(FrameInfo f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().remove("top-frame");
                if (empty || f == null) {
                    setText(null);
                    return;
                }
                String name = f.functionName() != null ? SafeText.escape(f.functionName()) : "func[" + f.functionIndex() + "]";
                setText(String.format("%s  @0x%06x", name, f.wasmOffset()));
                if (getIndex() == 0) getStyleClass().add("top-frame");
            }
        });
    }

    public void setFrames(List<FrameInfo> frames) {
        List<FrameInfo> inner = new ArrayList<>(frames);
        Collections.reverse(inner);
        getItems().setAll(inner);
        if (!inner.isEmpty()) getSelectionModel().select(0);
    }
}
