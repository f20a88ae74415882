package io.backstep.app.ui.command;

import java.util.ArrayList;
import java.util.List;

/** The "Keyboard Shortcuts" help, listed from the command table so it cannot disagree with the keys. */
public final class ShortcutsHelp {
    private ShortcutsHelp() {
    }

    /** One line per command that has a shortcut: the keys, padded, then the label. */
    public static String text(CommandTable commands) {
        List<Command> bound = new ArrayList<>();
        int width = 0;
        for (Command c : commands.all()) {
            if (c.shortcut() == null) continue;
            bound.add(c);
            width = Math.max(width, c.shortcutText().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Command c : bound) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(String.format("%-" + width + "s   %s", c.shortcutText(), c.label()));
        }
        return sb.toString();
    }
}
