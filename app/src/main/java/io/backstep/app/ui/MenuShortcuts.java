package io.backstep.app.ui;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyEvent;

/**
 * Makes the menu accelerators work whatever has focus. JavaFX runs accelerators only for key presses
 * the focused control leaves unconsumed, and the code area and the tables take Ctrl+Home / Ctrl+End
 * (and others) for themselves; a scene filter sees the key first and fires the menu item instead.
 */
final class MenuShortcuts {
    private MenuShortcuts() {
    }

    static void install(Scene scene, MenuBar bar) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            MenuItem item = find(bar.getMenus(), e);
            if (item != null) {
                // Consumed first, so the accelerator does not run a second time.
                e.consume();
                item.fire();
            }
        });
    }

    /** The enabled menu item whose accelerator matches {@code e}, or null (the key then goes to the focused control). */
    static MenuItem find(List<? extends MenuItem> items, KeyEvent e) {
        for (MenuItem i : items) {
            if (i.isDisable()) continue;
            if (i instanceof Menu m) {
                MenuItem found = find(m.getItems(), e);
                if (found != null) return found;
            } else if (i.getAccelerator() != null && i.getAccelerator().match(e)) {
                return i;
            }
        }
        return null;
    }
}
