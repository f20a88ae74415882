package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.command.Command;
import io.backstep.app.ui.command.CommandTable;
import io.backstep.app.ui.command.ShortcutsHelp;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The menus, toolbar and shortcuts help are made from one command table and agree with it. */
@ExtendWith(ApplicationExtension.class)
class CommandTableTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    @Test
    void everyCommandIsInAMenuWithItsShortcutAndEveryShortcutIsInTheHelp(FxRobot robot) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        List<MenuItem> items = new ArrayList<>();
        for (Menu m : bar.getMenus()) collect(m, items);
        String help = ShortcutsHelp.text(window.commands());
        for (Command c : window.commands().all()) {
            MenuItem item = items.stream().filter(i -> ("menu-" + c.id()).equals(i.getId())).findFirst().orElse(null);
            assertNotNull(item, c.id() + " is in a menu");
            assertEquals(c.label(), item.getText());
            assertEquals(c.shortcut(), item.getAccelerator(), c.id());
            if (c.shortcut() != null) {
                assertTrue(help.lines().anyMatch(l -> l.startsWith(c.shortcutText() + " ") && l.endsWith(c.label())),
                    c.id() + " in the help:\n" + help);
            }
        }
        assertEquals(window.commands().all().stream().filter(c -> c.shortcut() != null).count(), help.lines().count());
    }

    @Test
    void toolbarButtonsAreCommandsWithTheirShortcutInTheTooltip(FxRobot robot) {
        int buttons = 0;
        for (Command c : window.commands().all()) {
            var b = robot.lookup("#" + c.id()).tryQueryAs(Button.class);
            if (b.isEmpty()) continue;
            buttons++;
            assertEquals(c.tooltip(), b.get().getTooltip().getText());
            if (c.shortcut() != null) assertTrue(b.get().getTooltip().getText().endsWith("(" + c.shortcutText() + ")"), c.id());
            // Nothing is loaded: a command that needs a recording is disabled, and so is its button.
            assertEquals(!c.enabled().get(), b.get().isDisabled(), c.id());
        }
        assertTrue(buttons >= 12, "the toolbar and timeline row are made of commands: " + buttons);
    }

    @Test
    void aShortcutHasOneMeaning() {
        CommandTable t = new CommandTable();
        var on = new SimpleBooleanProperty(true);
        t.add(new Command("a", "A", null, null, KeyCombination.keyCombination("F5"), Command.Look.PLAIN, () -> { }, on));
        assertThrows(IllegalStateException.class,
            () -> t.add(new Command("b", "B", null, null, KeyCombination.keyCombination("F5"), Command.Look.PLAIN, () -> { }, on)));
        assertThrows(IllegalStateException.class,
            () -> t.add(new Command("a", "A again", null, null, null, Command.Look.PLAIN, () -> { }, on)));
    }

    private static void collect(Menu m, List<MenuItem> into) {
        for (MenuItem i : m.getItems()) {
            if (i instanceof Menu sub) collect(sub, into);
            else into.add(i);
        }
    }
}
