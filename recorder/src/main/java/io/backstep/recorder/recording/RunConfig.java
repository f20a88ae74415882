package io.backstep.recorder.recording;

import io.backstep.engine.wasi.WasiConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * How a program is run: its arguments (argv[0] first), environment (NAME=VALUE) and preopened
 * directories. Recorded in the journal so a replay presents the guest the same world.
 */
public record RunConfig(List<String> args, List<String> env, List<Preopen> preopens) {
    public record Preopen(String hostPath, String guestPath) {
    }

    public RunConfig {
        args = List.copyOf(args);
        env = List.copyOf(env);
        preopens = List.copyOf(preopens);
    }

    public static RunConfig of(String programName, List<String> args) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(programName);
        argv.addAll(args);
        return new RunConfig(argv, List.of(), List.of());
    }

    /** The WASI configuration for a live run (streams and clock are the caller's to add). */
    public WasiConfig.Builder wasi() {
        WasiConfig.Builder b = WasiConfig.builder().args(args);
        for (String e : env) b.envEntry(e);
        for (Preopen p : preopens) b.preopen(Path.of(p.hostPath()), p.guestPath());
        return b;
    }
}
