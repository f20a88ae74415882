package io.backstep.app.ui.command;

import io.backstep.app.ui.Icons;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** Builds toolbar buttons from commands: id, icon (mirrored for reverse commands), tooltip with the shortcut. */
public final class ToolBarFactory {
    private final CommandTable commands;

    public ToolBarFactory(CommandTable commands) {
        this.commands = commands;
    }

    public Button button(String id) {
        Command c = commands.get(id);
        Button b = new Button(null, c.look() == Command.Look.REVERSE ? Icons.mirrored(c.icon()) : Icons.of(c.icon()));
        b.setId(c.id());
        b.setTooltip(new Tooltip(c.tooltip()));
        b.getStyleClass().add("icon-button");
        if (c.look() == Command.Look.FORWARD) b.getStyleClass().add("forward");
        if (c.look() == Command.Look.REVERSE) b.getStyleClass().add("reverse");
        b.disableProperty().bind(Bindings.not(c.enabled()));
        b.setOnAction(e -> c.run());
        return b;
    }

    /** A button that shows {@code text} rather than an icon (e.g. in a banner), for command {@code id}. */
    public Button textButton(String id, String text) {
        Command c = commands.get(id);
        Button b = new Button(text);
        b.setId(c.id());
        b.setTooltip(new Tooltip(c.tooltip()));
        b.disableProperty().bind(Bindings.not(c.enabled()));
        b.setOnAction(e -> c.run());
        return b;
    }

    /** A reverse command and its forward twin, drawn as one joined pair. */
    public HBox pair(String reverseId, String forwardId) {
        HBox h = new HBox(0, button(reverseId), button(forwardId));
        h.getStyleClass().add("button-pair");
        return h;
    }
}
