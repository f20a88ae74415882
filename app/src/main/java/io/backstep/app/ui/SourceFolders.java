package io.backstep.app.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The source folders the user added, remembered per module (java.util.prefs, by module name). */
final class SourceFolders {
    private final Preferences prefs;

    SourceFolders(Preferences prefs) {
        this.prefs = prefs;
    }

    List<Path> list(String module) {
        List<Path> out = new ArrayList<>();
        for (String s : RunSettings.lines(prefs.get(key(module), ""))) out.add(Path.of(s));
        return out;
    }

    void add(String module, Path folder) {
        String abs = folder.toAbsolutePath().normalize().toString();
        List<String> names = new ArrayList<>();
        names.add(abs);
        for (Path p : list(module)) if (!p.toString().equals(abs)) names.add(p.toString());
        prefs.put(key(module), String.join("\n", names));
    }

    /** A preferences key for a module name (keys are limited to 80 characters). */
    private static String key(String module) {
        return module.length() <= Preferences.MAX_KEY_LENGTH ? module : module.substring(0, 60) + Integer.toHexString(module.hashCode());
    }
}
