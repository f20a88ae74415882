package io.backstep.app.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The most recently opened files (java.util.prefs), newest first. */
public final class RecentFiles {
    private static final int MAX = 10;
    private final Preferences prefs;

    RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String s : RunSettings.lines(prefs.get("files", ""))) out.add(Path.of(s));
        return out;
    }

    public void add(Path file) {
        List<String> names = new ArrayList<>();
        String abs = file.toAbsolutePath().normalize().toString();
        names.add(abs);
        for (Path p : list()) {
            if (!p.toString().equals(abs) && names.size() < MAX) names.add(p.toString());
        }
        prefs.put("files", String.join("\n", names));
    }
}
