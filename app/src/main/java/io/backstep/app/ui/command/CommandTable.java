package io.backstep.app.ui.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * All commands of the window, by id, in the order the help lists them. Two commands may not share an
 * id or a shortcut: the table refuses, so a shortcut has exactly one meaning.
 */
public final class CommandTable {
    private final Map<String, Command> byId = new LinkedHashMap<>();
    private final Map<KeyCombination, Command> byKey = new LinkedHashMap<>();

    public Command add(Command c) {
        if (byId.containsKey(c.id())) throw new IllegalStateException("two commands with id " + c.id());
        if (c.shortcut() != null) {
            Command other = byKey.putIfAbsent(c.shortcut(), c);
            if (other != null) throw new IllegalStateException(c.shortcutText() + " is bound to both " + other.id() + " and " + c.id());
        }
        byId.put(c.id(), c);
        return c;
    }

    /** The command with this id; an unknown id is a programming error. */
    public Command get(String id) {
        Command c = byId.get(id);
        if (c == null) throw new IllegalArgumentException("no command " + id);
        return c;
    }

    public List<Command> all() {
        return new ArrayList<>(byId.values());
    }

    /** The enabled command whose shortcut matches {@code e}, or null (the key then goes to the focused control). */
    public Command forKey(KeyEvent e) {
        for (Command c : byKey.values()) {
            if (c.shortcut().match(e) && c.enabled().get()) return c;
        }
        return null;
    }
}
