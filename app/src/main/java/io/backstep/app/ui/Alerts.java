package io.backstep.app.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

/** The window's message boxes and one-line prompts, all owned by the main stage. */
final class Alerts {
    private final Window owner;

    Alerts(Window owner) {
        this.owner = owner;
    }

    void error(String title, String text) {
        show(Alert.AlertType.ERROR, title, text);
    }

    void info(String title, String text) {
        show(Alert.AlertType.INFORMATION, title, text);
    }

    private void show(Alert.AlertType type, String title, String text) {
        Alert a = new Alert(type, text, ButtonType.OK);
        a.initOwner(owner);
        a.setHeaderText(title);
        a.show();
    }

    /** A one-field prompt with {@code value} filled in. */
    TextInputDialog prompt(String title, String header, String value) {
        TextInputDialog d = new TextInputDialog(value);
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(header);
        return d;
    }

    /** The message a user should see for {@code e}: the first one in its cause chain that says something. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
