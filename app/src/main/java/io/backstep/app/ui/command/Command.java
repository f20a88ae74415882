package io.backstep.app.ui.command;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;

/**
 * One thing the user can do: the single description from which its menu item, toolbar button, context
 * menu entry, key binding and line in the shortcuts help are all made.
 *
 * @param id       stable id (also the toolbar button's node id, e.g. {@code reverse-step-over})
 * @param label    menu text ("Reverse Step Over")
 * @param hint     longer text for the toolbar tooltip, or null to use the label
 * @param icon     Ikonli icon code, or null
 * @param shortcut key combination, or null
 * @param look     how a toolbar button draws it (reverse commands mirror their icon)
 * @param action   what it does (on the FX thread)
 * @param enabled  when it can run
 */
public record Command(String id, String label, String hint, String icon, KeyCombination shortcut, Look look,
                      Runnable action, ObservableBooleanValue enabled) {

    /** How a command's toolbar button is drawn: forward and reverse commands come in mirrored pairs. */
    public enum Look { PLAIN, FORWARD, REVERSE }

    /** The shortcut as the user types it ("Ctrl+Shift+F11"), or "". */
    public String shortcutText() {
        return shortcut == null ? "" : shortcut.getDisplayText();
    }

    /** The toolbar tooltip: the hint (or label) and the shortcut. */
    public String tooltip() {
        String text = hint != null ? hint : label;
        return shortcut == null ? text : text + " (" + shortcutText() + ")";
    }

    /** Runs the action if the command is enabled now. */
    public void run() {
        if (enabled.get()) action.run();
    }
}
