package io.backstep.app.ui.view;

import javafx.scene.control.TextArea;

/** The guest's stdout and stderr as of the current step (scrubbing back "un-prints"). */
public final class ConsoleView extends TextArea {
    private String shown = "";

    public ConsoleView() {
        getStyleClass().addAll("console", "mono");
        setEditable(false);
        setWrapText(false);
        setPromptText("The program's output appears here.");
    }

    public void show(String text) {
        String t = text == null ? "" : text;
        if (t.equals(shown)) return;
        if (t.startsWith(shown)) appendText(t.substring(shown.length()));
        else setText(t);
        shown = t;
        positionCaret(getLength());
        setScrollTop(Double.MAX_VALUE);
    }
}
