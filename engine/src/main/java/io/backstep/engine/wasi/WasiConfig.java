package io.backstep.engine.wasi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a WASI guest sees of the world: its argv (argv[0] included), its environment (ordered
 * NAME=VALUE strings), the host directories it may use (preopens), its standard streams, and the
 * clock and random sources. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: no arguments, empty environment, no preopens, empty stdin, stdout and stderr
 * discarded (they still reach the event listener), the host clock, a secure random source.
 */
public final class WasiConfig {
    /** Host directory {@code hostPath} visible to the guest as {@code guestPath}. */
    public record Preopen(Path hostPath, String guestPath) {
    }

    private final List<String> args;
    private final List<String> environment;
    private final List<Preopen> preopens;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final WasiClock clock;
    private final WasiRandom random;

    private WasiConfig(Builder b) {
        this.args = List.copyOf(b.args);
        this.environment = List.copyOf(b.environment);
        this.preopens = List.copyOf(b.preopens);
        this.stdin = b.stdin != null ? b.stdin : new ByteArrayInputStream(new byte[0]);
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.clock = b.clock != null ? b.clock : WasiClock.system();
        this.random = b.random != null ? b.random : WasiRandom.system();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> args() {
        return args;
    }

    /** NAME=VALUE strings in the order they were added. */
    public List<String> environment() {
        return environment;
    }

    public List<Preopen> preopens() {
        return preopens;
    }

    public InputStream stdin() {
        return stdin;
    }

    /** Sink for guest stdout, or null to discard it. */
    public OutputStream stdout() {
        return stdout;
    }

    /** Sink for guest stderr, or null to discard it. */
    public OutputStream stderr() {
        return stderr;
    }

    public WasiClock clock() {
        return clock;
    }

    public WasiRandom random() {
        return random;
    }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final List<String> environment = new ArrayList<>();
        private final List<Preopen> preopens = new ArrayList<>();
        private InputStream stdin;
        private OutputStream stdout;
        private OutputStream stderr;
        private WasiClock clock;
        private WasiRandom random;

        private Builder() {
        }

        /** Appends arguments; the first one ever added is argv[0] (the program name). */
        public Builder args(String... values) {
            for (String a : values) arg(a);
            return this;
        }

        public Builder args(List<String> values) {
            for (String a : values) arg(a);
            return this;
        }

        public Builder arg(String value) {
            args.add(checkCString("argument", value));
            return this;
        }

        /** Appends NAME=VALUE to the environment. */
        public Builder env(String name, String value) {
            checkCString("environment variable name", name);
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new WasiConfigException("invalid environment variable name: '" + name + "'");
            }
            environment.add(name + "=" + checkCString("environment value", value));
            return this;
        }

        /** Appends an entry already in NAME=VALUE form. */
        public Builder envEntry(String entry) {
            int eq = checkCString("environment entry", entry).indexOf('=');
            if (eq <= 0) throw new WasiConfigException("environment entry is not NAME=VALUE: '" + entry + "'");
            environment.add(entry);
            return this;
        }

        /** Makes host directory {@code hostPath} visible to the guest as {@code guestPath}. */
        public Builder preopen(Path hostPath, String guestPath) {
            if (hostPath == null) throw new WasiConfigException("preopen host path is null");
            preopens.add(new Preopen(hostPath, checkCString("preopen guest path", guestPath)));
            return this;
        }

        /** Preopens host directory {@code directory} under the same path in the guest. */
        public Builder dir(String directory) {
            checkCString("directory", directory);
            try {
                return preopen(Path.of(directory), directory);
            } catch (java.nio.file.InvalidPathException e) {
                throw new WasiConfigException("invalid directory: " + directory, e);
            }
        }

        public Builder stdin(InputStream in) {
            this.stdin = in;
            return this;
        }

        public Builder stdin(byte[] bytes) {
            this.stdin = new ByteArrayInputStream(bytes.clone());
            return this;
        }

        public Builder stdout(OutputStream out) {
            this.stdout = out;
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = err;
            return this;
        }

        /**
         * System.in, System.out and System.err. Their PrintStreams report no write errors, so the guest
         * never sees ENOSPC or EPIPE through them: give it streams on the file descriptors for that
         * (as the command line does).
         */
        public Builder inheritStdio() {
            this.stdin = System.in;
            this.stdout = System.out;
            this.stderr = System.err;
            return this;
        }

        public Builder clock(WasiClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(WasiRandom random) {
            this.random = random;
            return this;
        }

        public WasiConfig build() {
            return new WasiConfig(this);
        }

        private static String checkCString(String what, String s) {
            if (s == null) throw new WasiConfigException(what + " is null");
            // The guest receives NUL-terminated strings, so an embedded NUL would silently cut the value.
            if (s.indexOf('\0') >= 0) throw new WasiConfigException(what + " contains a NUL character");
            return s;
        }
    }
}
