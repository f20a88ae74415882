package io.backstep.app.ui;

import org.kordamp.ikonli.javafx.FontIcon;

/** Material Design icons (Ikonli). Reverse commands reuse the forward icon, mirrored. */
public final class Icons {
    private Icons() {
    }

    public static FontIcon of(String literal) {
        FontIcon i = new FontIcon(literal);
        i.getStyleClass().add("icon");
        return i;
    }

    public static FontIcon mirrored(String literal) {
        FontIcon i = of(literal);
        i.setScaleX(-1);
        return i;
    }
}
