package io.backstep.app.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Whether the window uses the dark theme, remembered across restarts (java.util.prefs, like the recent files). */
final class ThemeSetting {
    private static final String KEY = "dark";
    private final Preferences prefs;

    ThemeSetting(Preferences prefs) {
        this.prefs = prefs;
    }

    boolean dark() {
        return prefs.getBoolean(KEY, false);
    }

    void setDark(boolean dark) {
        prefs.putBoolean(KEY, dark);
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the preferences store writes it later, or the theme is simply not remembered
        }
    }
}
