package io.backstep.app.ui.command;

import io.backstep.app.ui.Icons;
import java.util.List;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/**
 * Builds menus from the command table. A menu is a list of entries: a command id, {@link #SEPARATOR},
 * or a ready {@link MenuItem} (for submenus whose items change, such as recent files).
 */
public final class MenuFactory {
    public static final String SEPARATOR = "-";

    private final CommandTable commands;

    public MenuFactory(CommandTable commands) {
        this.commands = commands;
    }

    public Menu menu(String title, Object... entries) {
        Menu m = new Menu(title);
        m.getItems().addAll(items(entries));
        return m;
    }

    public ContextMenu contextMenu(Object... entries) {
        return new ContextMenu(items(entries).toArray(MenuItem[]::new));
    }

    /** A menu item for {@code c}: its label, icon and shortcut, disabled when the command is. */
    public static MenuItem item(Command c) {
        MenuItem i = new MenuItem(c.label());
        i.setId("menu-" + c.id());
        if (c.icon() != null) i.setGraphic(Icons.of(c.icon()));
        if (c.shortcut() != null) i.setAccelerator(c.shortcut());
        i.disableProperty().bind(javafx.beans.binding.Bindings.not(c.enabled()));
        i.setOnAction(e -> c.run());
        return i;
    }

    private List<MenuItem> items(Object... entries) {
        return java.util.Arrays.stream(entries).map(this::toItem).toList();
    }

    private MenuItem toItem(Object entry) {
        if (entry instanceof MenuItem mi) return mi;
        if (SEPARATOR.equals(entry)) return new SeparatorMenuItem();
        if (entry instanceof String id) return item(commands.get(id));
        throw new IllegalArgumentException("not a menu entry: " + entry);
    }
}
