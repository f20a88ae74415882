package io.backstep.recorder.bundle;

import io.backstep.engine.WasmException;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.RunConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code manifest.properties} entry of a .bstrace bundle: what the bundle holds, so a reader can
 * check it before trusting anything else (keys in docs/formats.md). Written in a fixed key order as
 * UTF-8 properties; read back with {@link Properties}.
 *
 * @param window     whether the bundle holds only a window of the original recording
 * @param windowFrom the first requested step of the window (0 for a whole recording)
 * @param windowTo   the last requested step of the window (the end step for a whole recording)
 * @param firstStep  step of the first checkpoint in the bundle (where the window really starts)
 * @param steps      the last step in the bundle (the end of the bundled recording)
 * @param originalSteps the end step of the recording the bundle was exported from
 */
public record Manifest(int formatVersion, String toolVersion, String created, String moduleSha256, long moduleBytes,
                       RunConfig config, long checkpointInterval, boolean window, long windowFrom, long windowTo,
                       long firstStep, long steps, long originalSteps, EndInfo end, int checkpoints,
                       int fullCheckpoints, int wasiEvents, long journalBytes, long journalRecords,
                       String journalSha256) {
    public static final String FORMAT = "backstep-trace";

    public int incrementalCheckpoints() {
        return checkpoints - fullCheckpoints;
    }

    byte[] encode() {
        StringBuilder b = new StringBuilder();
        b.append("# Backstep recording bundle (see docs/formats.md)\n");
        put(b, "format", FORMAT);
        put(b, "format.version", Integer.toString(formatVersion));
        put(b, "tool.version", toolVersion);
        put(b, "created", created);
        put(b, "module.sha256", moduleSha256);
        put(b, "module.bytes", Long.toString(moduleBytes));
        putList(b, "args", config.args());
        putList(b, "env", config.env());
        put(b, "preopens.count", Integer.toString(config.preopens().size()));
        for (int i = 0; i < config.preopens().size(); i++) {
            put(b, "preopens." + i + ".host", config.preopens().get(i).hostPath());
            put(b, "preopens." + i + ".guest", config.preopens().get(i).guestPath());
        }
        put(b, "checkpoint.interval", Long.toString(checkpointInterval));
        put(b, "window", Boolean.toString(window));
        put(b, "window.from", Long.toString(windowFrom));
        put(b, "window.to", Long.toString(windowTo));
        put(b, "steps.first", Long.toString(firstStep));
        put(b, "steps", Long.toString(steps));
        put(b, "steps.original", Long.toString(originalSteps));
        put(b, "end.kind", end.kind().name().toLowerCase(Locale.ROOT));
        put(b, "end.step", Long.toString(end.step()));
        put(b, "end.exit", Integer.toString(end.exitCode()));
        put(b, "end.message", end.message() == null ? "" : end.message());
        put(b, "checkpoints", Integer.toString(checkpoints));
        put(b, "checkpoints.full", Integer.toString(fullCheckpoints));
        put(b, "wasi.events", Integer.toString(wasiEvents));
        put(b, "journal.bytes", Long.toString(journalBytes));
        put(b, "journal.records", Long.toString(journalRecords));
        put(b, "journal.sha256", journalSha256);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Manifest decode(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("the bundle manifest is unreadable: " + WasmException.describe(e), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) throw new BundleException("not a Backstep recording bundle (manifest format is not " + FORMAT + ")");
        int version = (int) number(p, "format.version", 1, Integer.MAX_VALUE);
        if (version != Bundle.FORMAT_VERSION) {
            String why = version < Bundle.FORMAT_VERSION ? "; it was made by an older Backstep: record the program again" : "";
            throw new BundleException("unsupported bundle format version " + version + " (this Backstep reads version " + Bundle.FORMAT_VERSION + why + ")");
        }
        List<RunConfig.Preopen> pre = new ArrayList<>();
        int np = (int) number(p, "preopens.count", 0, 10_000);
        for (int i = 0; i < np; i++) pre.add(new RunConfig.Preopen(text(p, "preopens." + i + ".host"), text(p, "preopens." + i + ".guest")));
        RunConfig config = new RunConfig(list(p, "args"), list(p, "env"), pre);
        EndInfo.Kind kind;
        try {
            kind = EndInfo.Kind.valueOf(text(p, "end.kind").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BundleException("the bundle manifest has an unknown end kind '" + p.getProperty("end.kind") + "'");
        }
        EndInfo end = new EndInfo(number(p, "end.step", 0, Long.MAX_VALUE), kind,
                (int) number(p, "end.exit", Integer.MIN_VALUE, Integer.MAX_VALUE), text(p, "end.message"));
        String windowText = text(p, "window");
        if (!windowText.equals("true") && !windowText.equals("false")) throw new BundleException("the bundle manifest is corrupt (window)");
        return new Manifest(version, text(p, "tool.version"), text(p, "created"), hex(p, "module.sha256"),
                number(p, "module.bytes", 0, Long.MAX_VALUE), config, number(p, "checkpoint.interval", 1, Long.MAX_VALUE),
                windowText.equals("true"), number(p, "window.from", 0, Long.MAX_VALUE), number(p, "window.to", 0, Long.MAX_VALUE),
                number(p, "steps.first", 0, Long.MAX_VALUE), number(p, "steps", 0, Long.MAX_VALUE),
                number(p, "steps.original", 0, Long.MAX_VALUE), end, (int) number(p, "checkpoints", 1, Integer.MAX_VALUE),
                (int) number(p, "checkpoints.full", 1, Integer.MAX_VALUE), (int) number(p, "wasi.events", 0, Integer.MAX_VALUE),
                number(p, "journal.bytes", 0, Long.MAX_VALUE), number(p, "journal.records", 1, Long.MAX_VALUE), hex(p, "journal.sha256"));
    }

    private static String text(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) throw new BundleException("the bundle manifest has no '" + key + "'");
        return v;
    }

    private static long number(Properties p, String key, long min, long max) {
        String v = text(p, key);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BundleException("the bundle manifest is corrupt: " + key + " = '" + v + "' is not a number");
        }
        if (n < min || n > max) throw new BundleException("the bundle manifest is corrupt: " + key + " = " + n + " is out of range");
        return n;
    }

    private static String hex(Properties p, String key) {
        String v = text(p, key);
        if (!v.matches("[0-9a-f]{64}")) throw new BundleException("the bundle manifest is corrupt: " + key + " is not a SHA-256");
        return v;
    }

    private static List<String> list(Properties p, String key) {
        int n = (int) number(p, key + ".count", 0, 100_000);
        List<String> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) r.add(text(p, key + "." + i));
        return r;
    }

    private static void putList(StringBuilder b, String key, List<String> values) {
        put(b, key + ".count", Integer.toString(values.size()));
        for (int i = 0; i < values.size(); i++) put(b, key + "." + i, values.get(i));
    }

    /** One "key=value" line, escaped so that Properties.load reads back exactly {@code value}. */
    private static void put(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(i == 0 ? "\\ " : " "); // leading blanks would be skipped
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('\n');
    }
}
