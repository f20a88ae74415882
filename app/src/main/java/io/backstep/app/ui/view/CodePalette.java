package io.backstep.app.ui.view;

import java.util.HashMap;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.scene.layout.Background;
import javafx.scene.layout.Border;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;

/**
 * The looks {@link CodeCanvas} paints with, resolved by the style sheet: hidden nodes carrying the style
 * classes it paints (a token's style class, the gutter, the breakpoint marks, the line bands, the
 * selection), whose fills, fonts and backgrounds CSS resolves (the theme's looked-up colours included).
 * So the style sheet stays the one source of the colours, and a change of any of them (a theme switch)
 * calls back for a repaint.
 */
final class CodePalette {
    final Pane root = new Pane();
    final Text plain = text("text");
    final Text selection = text("selection");
    final Text label = text("gutter-offset");
    final Text arrow = text("gutter-arrow");
    final Region gutter = region("gutter");
    final Region bpOn = region("bp-slot", "bp-on");
    final Region bpOff = region("bp-slot", "bp-off");
    final Region bpHover = region("bp-slot", "bp-hover");
    final Region currentBand = region("line-band", "current-line");
    final Region frameBand = region("line-band", "frame-line");
    final Region caretLine = region("caret-line");
    private final Map<String, Text> tokens = new HashMap<>();
    private final InvalidationListener changed;
    private MonoMetrics labelMetrics;

    /** {@code onChange}: runs when the style sheet changes any of the resolved looks (a theme switch). */
    CodePalette(Runnable onChange) {
        changed = o -> {
            labelMetrics = null;
            onChange.run();
        };
        root.setManaged(false);
        root.setVisible(false);
        root.setMouseTransparent(true);
        root.getChildren().addAll(plain, selection, label, arrow, gutter, bpOn, bpOff, bpHover, currentBand, frameBand, caretLine);
        arrow.setText("▶");
        for (Text t : new Text[] {plain, selection, label, arrow}) {
            t.fillProperty().addListener(changed);
            t.fontProperty().addListener(changed);
        }
        for (Region r : new Region[] {gutter, bpOn, bpOff, bpHover, currentBand, frameBand, caretLine}) {
            r.backgroundProperty().addListener(changed);
            r.borderProperty().addListener(changed);
        }
    }

    private Text text(String... styles) {
        Text t = new Text();
        t.getStyleClass().setAll(styles);
        return t;
    }

    private Region region(String... styles) {
        Region r = new Region();
        r.getStyleClass().setAll(styles);
        return r;
    }

    /** The node for a token's style class, made on first use (and styled at once, so it is right in this paint). */
    Text token(String style) {
        if (style == null) return plain;
        Text t = tokens.get(style);
        if (t == null) {
            t = text("text", style);
            tokens.put(style, t);
            root.getChildren().add(t);
            t.applyCss();
            t.fillProperty().addListener(changed);
            t.fontProperty().addListener(changed);
        }
        return t;
    }

    Paint background(Region r) {
        Background b = r.getBackground();
        if (b == null || b.getFills().isEmpty()) return Color.TRANSPARENT;
        return b.getFills().get(b.getFills().size() - 1).getFill();
    }

    Paint border(Region r) {
        Border b = r.getBorder();
        if (b == null || b.getStrokes().isEmpty()) return null;
        return b.getStrokes().get(0).getTopStroke();
    }

    /** The gutter labels' font cell (measured again after a style change). */
    MonoMetrics labelMetrics() {
        if (labelMetrics == null) labelMetrics = MonoMetrics.of(label.getFont());
        return labelMetrics;
    }
}
