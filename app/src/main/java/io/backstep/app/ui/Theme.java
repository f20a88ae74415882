package io.backstep.app.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.backstep.app.ui.view.TimelineBar;
import javafx.application.Application;
import javafx.scene.Parent;

/** The light or dark look of the window: applies AtlantaFX's Primer theme and remembers the choice. */
final class Theme {
    private final ThemeSetting setting;
    private final Parent root;
    private final TimelineBar timeline;
    private boolean dark;

    Theme(ThemeSetting setting, Parent root, TimelineBar timeline) {
        this.setting = setting;
        this.root = root;
        this.timeline = timeline;
        apply(setting.dark());
    }

    boolean isDark() {
        return dark;
    }

    void toggle() {
        apply(!dark);
        setting.setDark(dark);
    }

    private void apply(boolean toDark) {
        dark = toDark;
        Application.setUserAgentStylesheet(toDark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        root.getStyleClass().removeAll("dark", "light");
        root.getStyleClass().add(toDark ? "dark" : "light");
        timeline.setDark(toDark);
    }
}
