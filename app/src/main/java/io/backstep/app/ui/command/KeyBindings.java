package io.backstep.app.ui.command;

import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;

/**
 * Makes every command's shortcut work whatever has focus. JavaFX runs menu accelerators only for key
 * presses the focused control leaves unconsumed, and the code area and the tables take Ctrl+Home /
 * Ctrl+End (and others) for themselves; a scene filter sees the key first and runs the command.
 */
public final class KeyBindings {
    private KeyBindings() {
    }

    public static void install(Scene scene, CommandTable commands) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Command c = commands.forKey(e);
            if (c != null) {
                // Consumed first, so the menu accelerator does not run it a second time.
                e.consume();
                c.run();
            }
        });
    }
}
