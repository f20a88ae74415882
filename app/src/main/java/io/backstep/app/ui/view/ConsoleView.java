package io.backstep.app.ui.view;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;

/** The guest's stdout and stderr as of the current step (scrubbing back "un-prints"), its latest line in view. */
public final class ConsoleView extends TextArea {
    private String shown = "";

    public ConsoleView() {
        getStyleClass().addAll("console", "mono");
        setEditable(false);
        setWrapText(false);
        setPromptText("The program's output appears here.");
        // setScrollTop right after a text change is clamped to the old, shorter content, and the scroll
        // pane keeps its pixel offset when the content grows, which left the console at its first lines.
        // So the end is shown whenever the content's height changes (the height property notifies after
        // the scroll pane's own layout-bounds listener has repositioned it).
        skinProperty().addListener((o, a, skin) -> {
            if (lookup(".scroll-pane") instanceof ScrollPane sp) {
                sp.contentProperty().addListener((o2, a2, content) -> followHeight(sp, content));
                followHeight(sp, sp.getContent());
            }
        });
    }

    private static void followHeight(ScrollPane sp, Node content) {
        if (content instanceof Region r) r.heightProperty().addListener((o, a, b) -> sp.setVvalue(sp.getVmax()));
    }

    /** Shows the output so far. */
    public void show(String text) {
        String t = text == null ? "" : text;
        if (t.equals(shown)) return;
        if (t.startsWith(shown)) appendText(t.substring(shown.length()));
        else setText(t);
        shown = t;
        positionCaret(getLength());
        if (lookup(".scroll-pane") instanceof ScrollPane sp) sp.setVvalue(sp.getVmax());
    }
}
