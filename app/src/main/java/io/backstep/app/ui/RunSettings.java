package io.backstep.app.ui;

import io.backstep.app.input.PreopenSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;

/**
 * How to run a module: program arguments, environment and preopened directories (HOST::GUEST or a
 * plain path). Remembered per module, keyed by the SHA-256 of its bytes.
 */
public record RunSettings(List<String> args, Map<String, String> env, List<String> dirs) {
    public static final RunSettings DEFAULT = new RunSettings(List.of(), Map.of(), List.of());

    private static final Preferences PREFS = Preferences.userRoot().node("io/backstep/runconfig");

    public static String key(byte[] module) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The remembered configuration for a module, or {@link #DEFAULT}. */
    public static RunSettings load(byte[] module) {
        String k = key(module);
        String args = PREFS.get(k + ".args", null);
        if (args == null) return DEFAULT;
        return new RunSettings(lines(args), parseEnv(lines(PREFS.get(k + ".env", ""))), lines(PREFS.get(k + ".dirs", "")));
    }

    /** The directories as preopens; throws {@link PreopenSpec.InvalidException} for an entry that names none. */
    public List<io.backstep.recorder.recording.RunConfig.Preopen> preopens() {
        return dirs.stream().map(PreopenSpec::parse).toList();
    }

    public void save(byte[] module) {
        String k = key(module);
        PREFS.put(k + ".args", String.join("\n", args));
        List<String> e = new ArrayList<>();
        env.forEach((n, v) -> e.add(n + "=" + v));
        PREFS.put(k + ".env", String.join("\n", e));
        PREFS.put(k + ".dirs", String.join("\n", dirs));
    }

    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) if (!l.isBlank()) out.add(l.strip());
        return out;
    }

    /** NAME=VALUE lines; a line without '=' is an error. */
    public static Map<String, String> parseEnv(List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("environment entry '" + l + "' is not NAME=VALUE");
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** Splits a command line on spaces, honouring double quotes. */
    public static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out;
    }
}
