package io.backstep.app.dap;

import io.backstep.app.input.PreopenSpec;
import io.backstep.recorder.recording.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a {@code launch} request: either {@code program} (a .wasm file or a bundled sample
 * name) with {@code args}, {@code env}, {@code dirs}, or {@code recording} (a .bstrace) to debug a
 * saved run. Relative paths are resolved against {@code cwd}. Every mistake is a {@link DapException}
 * naming the attribute.
 */
record LaunchConfig(String program, Path recording, List<String> args, Map<String, String> env,
                    List<RunConfig.Preopen> dirs, Path cwd, boolean stopOnEntry, List<Path> sourceFolders,
                    long recordSteps) {
    /** Steps recorded before the session starts; continuing past them records more, as in the window. */
    static final long DEFAULT_RECORD_STEPS = 100_000_000L;

    static LaunchConfig parse(Map<String, Object> a) {
        if (a == null) throw new DapException("launch needs arguments: 'program' (a .wasm file or sample name) or 'recording' (a .bstrace file)");
        Path cwd = Path.of(string(a, "cwd", System.getProperty("user.dir")));
        String program = string(a, "program", null);
        String recording = string(a, "recording", null);
        if (program == null && recording == null) {
            throw new DapException("launch needs 'program' (a .wasm file or bundled sample name) or 'recording' (a .bstrace file)");
        }
        if (program != null && recording != null) {
            throw new DapException("launch takes 'program' or 'recording', not both");
        }
        List<String> args = strings(a, "args");
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Object e = a.get("env");
        if (e != null) {
            if (!(e instanceof Map<?, ?> m)) throw new DapException("'env' must be an object of NAME: VALUE strings");
            for (Map.Entry<?, ?> x : m.entrySet()) {
                if (!(x.getValue() instanceof String v)) throw new DapException("'env." + x.getKey() + "' must be a string");
                env.put(String.valueOf(x.getKey()), v);
            }
        }
        List<RunConfig.Preopen> dirs = new ArrayList<>();
        for (String d : strings(a, "dirs")) {
            try {
                RunConfig.Preopen p = PreopenSpec.parse(d);
                dirs.add(new RunConfig.Preopen(cwd.resolve(p.hostPath()).toString(), p.guestPath()));
            } catch (PreopenSpec.InvalidException x) {
                throw new DapException("'dirs': " + x.getMessage());
            }
        }
        List<Path> sourceFolders = strings(a, "sourceFolders").stream().map(cwd::resolve).toList();
        long steps = DEFAULT_RECORD_STEPS;
        Object s = a.get("recordSteps");
        if (s != null) {
            if (!(s instanceof Number n) || n.doubleValue() < 1 || n.doubleValue() != Math.floor(n.doubleValue())) {
                throw new DapException("'recordSteps' must be a positive whole number");
            }
            steps = n.longValue();
        }
        return new LaunchConfig(program, recording == null ? null : cwd.resolve(recording), args, env, dirs, cwd,
                bool(a, "stopOnEntry"), sourceFolders, steps);
    }

    private static String string(Map<String, Object> a, String key, String fallback) {
        Object v = a.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String s) || s.isBlank()) throw new DapException("'" + key + "' must be a non-empty string");
        return s;
    }

    private static boolean bool(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) throw new DapException("'" + key + "' must be true or false");
        return b;
    }

    private static List<String> strings(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) throw new DapException("'" + key + "' must be an array of strings");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new DapException("'" + key + "' must be an array of strings");
            out.add(s);
        }
        return out;
    }
}
