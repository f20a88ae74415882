package io.backstep.app.ui.view;

import javafx.application.Platform;
import javafx.scene.Node;

/**
 * Runs a view's scroll at the start of the next layout pulse, before its CSS and layout passes, so that
 * the scroll is drawn in the same frame as whatever the current event changed (a new stop's step
 * counter and marks). A {@code runLater} could land after a pulse already queued and leave the view one
 * frame behind. Only the latest request runs: a drag asks once per stop, and only the last one is drawn.
 */
final class NextLayout {
    private final Node owner;
    private Runnable pending;

    /** Watches {@code owner}'s scene; requests run in that scene's pulses. */
    NextLayout(Node owner) {
        this.owner = owner;
        ScenePulses.beforeLayout(owner, this::run);
    }

    /** Runs {@code scroll} before the next pulse's layout, instead of any request not run yet. */
    void request(Runnable scroll) {
        if (owner.getScene() == null) {
            Platform.runLater(scroll); // no pulse to wait for: not shown yet
            return;
        }
        pending = scroll;
        Platform.requestNextPulse();
    }

    private void run() {
        Runnable r = pending;
        pending = null;
        if (r != null) r.run();
    }
}
