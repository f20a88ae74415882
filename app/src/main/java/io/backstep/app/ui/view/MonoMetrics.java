package io.backstep.app.ui.view;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The cell of a monospaced font, measured once per font: {@link CodeCanvas} places code and gutter
 * labels by column, so a character's width, the line's height and the baseline are all it needs.
 */
record MonoMetrics(double charWidth, double height, double baseline) {
    static MonoMetrics of(Font font) {
        Text probe = new Text("0".repeat(64));
        probe.setFont(font);
        return new MonoMetrics(probe.getLayoutBounds().getWidth() / 64, probe.getLayoutBounds().getHeight(), probe.getBaselineOffset());
    }
}
