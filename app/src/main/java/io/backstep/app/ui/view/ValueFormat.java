package io.backstep.app.ui.view;

import io.backstep.recorder.state.Value;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** The shared decimal/hex toggle of the variable views. */
public final class ValueFormat {
    private final BooleanProperty hex = new SimpleBooleanProperty(false);

    public BooleanProperty hexProperty() {
        return hex;
    }

    public String format(Value v) {
        if (v == null) return "";
        return hex.get() ? v.hex() : v.decimal();
    }
}
