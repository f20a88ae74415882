package io.backstep.app.ui.view;

import java.util.ArrayList;
import java.util.Collection;
import javafx.geometry.VPos;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * A code line's gutter that also draws the line's marks (current line, a caller frame's line) as bands
 * across the whole line, behind its text, and the current line's arrow at its right end. Marking a line this way only shows or hides a band in a live
 * cell; a paragraph style instead makes RichTextFX replace the paragraph and build its cell again (nodes
 * and CSS), twice per move of the mark, which is what kept the code views from following a drag.
 */
abstract class LineGutter extends HBox {
    /** The line this gutter belongs to, as its view numbers lines. */
    final int line;
    /** Wide enough to reach past the right edge of any viewport; the code area clips it. */
    private static final double BAND_WIDTH = 16_000;
    /** The bands, made when first needed: most lines are never marked, and every node costs a new cell CSS work. */
    private Region current;
    private Region frame;
    /** The current line's arrow, made when first needed; its column is kept free on every line. */
    private Text arrow;
    /** Width of the arrow's column, so that every line's code starts at the same x. */
    static final double ARROW_WIDTH = 12;

    LineGutter(int line) {
        this.line = line;
        // Drawn before the paragraph's text (the gutter is added after it), so a band lies behind the text.
        setViewOrder(1);
    }

    private Region band(String style) {
        Region r = new Region();
        r.getStyleClass().addAll("line-band", style);
        r.setManaged(false);
        r.setMouseTransparent(true);
        r.setViewOrder(1); // under the gutter's own marks
        getChildren().add(r);
        return r;
    }

    /** Shows the marks of this line; only a change is applied (visibility needs no CSS pass). */
    final void mark(boolean isCurrent, boolean isFrame) {
        if (isCurrent && arrow == null) {
            arrow = new Text("▶");
            arrow.getStyleClass().add("gutter-arrow");
            arrow.setTextOrigin(VPos.TOP);
            arrow.setManaged(false);
            arrow.setMouseTransparent(true);
            getChildren().add(arrow);
        }
        if (arrow != null && arrow.isVisible() != isCurrent) arrow.setVisible(isCurrent);
        if (isCurrent && current == null) current = band("current-line");
        if (isFrame && frame == null) frame = band("frame-line");
        if (current != null && current.isVisible() != isCurrent) current.setVisible(isCurrent);
        if (frame != null && frame.isVisible() != isFrame) frame.setVisible(isFrame);
    }

    /** The mark this gutter draws: "current-line", "frame-line" or "" for none. */
    final String shownMark() {
        return shows(current) ? "current-line" : shows(frame) ? "frame-line" : "";
    }

    /**
     * The mark drawn on {@code line} by the one of {@code gutters} that is on screen for it (RichTextFX
     * keeps gutters of cells it no longer shows), or null when the line is not on screen.
     */
    static String shownMark(Collection<? extends LineGutter> gutters, int line) {
        for (LineGutter g : new ArrayList<>(gutters)) {
            if (g.line == line && g.getScene() != null && g.getParent() != null && g.getParent().getParent() != null) return g.shownMark();
        }
        return null;
    }

    private static boolean shows(Region band) {
        return band != null && band.isVisible();
    }

    /** Whether this line's arrow is drawn. */
    final boolean showsArrow() {
        return arrow != null && arrow.isVisible();
    }

    @Override
    protected double computePrefWidth(double height) {
        return super.computePrefWidth(height) + snapSpaceX(getSpacing()) + ARROW_WIDTH;
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (arrow != null) {
            arrow.relocate(getWidth() - snappedRightInset() - ARROW_WIDTH, Math.max(0, (getHeight() - arrow.getLayoutBounds().getHeight()) / 2));
        }
        if (current != null) current.resizeRelocate(0, 0, BAND_WIDTH, getHeight());
        if (frame != null) frame.resizeRelocate(0, 0, BAND_WIDTH, getHeight());
    }
}
