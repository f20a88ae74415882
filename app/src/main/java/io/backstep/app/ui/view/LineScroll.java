package io.backstep.app.ui.view;

import javafx.application.Platform;
import org.fxmisc.richtext.GenericStyledArea;

/**
 * Brings lines of a code area into view, the same way in both code views, and knows which lines the
 * last layout pulse showed. Asking the area itself which lines are visible lays out its virtual flow
 * on the spot: between pulses that builds the cells of a place the view is about to leave, which is
 * why the visible range is noted after each pulse's layout instead.
 */
final class LineScroll {
    private final GenericStyledArea<?, ?, ?> area;
    private final Runnable afterLayout;
    private int first = -1;
    private int shown;

    /** Watches {@code area}; {@code afterLayout} runs after every layout pulse, with {@link #first()} up to date. */
    LineScroll(GenericStyledArea<?, ?, ?> area, Runnable afterLayout) {
        this.area = area;
        this.afterLayout = afterLayout;
        ScenePulses.afterLayout(area, this::note);
    }

    private void note() {
        if (!area.isVisible() || area.getParagraphs().isEmpty()) {
            first = -1;
            shown = 0;
        } else {
            try {
                // The flow was laid out in this pulse: answering costs no new layout.
                first = area.firstVisibleParToAllParIndex();
                shown = area.getVisibleParagraphs().size();
            } catch (RuntimeException notLaidOut) {
                first = -1;
                shown = 0;
            }
        }
        afterLayout.run();
    }

    /** The first paragraph the last pulse showed, or -1 when none was shown (not laid out yet). */
    int first() {
        return first;
    }

    /** How many paragraphs the last pulse showed. */
    int shown() {
        return shown;
    }

    /** Forgets the visible range (the text was replaced). */
    void reset() {
        first = -1;
        shown = 0;
    }

    /** Whether paragraph {@code p} was on screen at the last pulse with a line or more to spare above and below it. */
    boolean comfortablyVisible(int p) {
        return first >= 0 && shown > 4 && p > first + 1 && p < first + shown - 2;
    }

    /**
     * Scrolls paragraph {@code p} to the middle of the view and back to the left edge, where every
     * line's text starts (a horizontal scroll kept from elsewhere can leave a new line's text out of
     * view). One scroll, so the newly visible lines' cells are built once. Should flowless refuse
     * (mid-layout), the area follows the caret instead, which the caller has put on the line.
     */
    void centre(int p) {
        if (p < 0 || p >= area.getParagraphs().size()) return;
        reset(); // until the next pulse shows where this put the view
        area.scrollXToPixel(0);
        if (area.getHeight() <= 0) {
            // Not laid out yet (a file just shown for the first time): centring would measure a view
            // of no height and leave the line at its top edge. Follow the caret now, centre once laid out.
            area.requestFollowCaret();
            Platform.runLater(() -> centreNow(p));
            return;
        }
        centreNow(p);
    }

    private void centreNow(int p) {
        if (p >= area.getParagraphs().size()) return;
        try {
            area.showParagraphAtCenter(p);
        } catch (RuntimeException layoutNotReady) {
            area.requestFollowCaret();
        }
    }
}
