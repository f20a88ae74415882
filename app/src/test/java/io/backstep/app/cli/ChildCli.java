package io.backstep.app.cli;

import io.backstep.app.Launcher;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line in a fresh JVM of its own (the launcher's real file descriptors, signals, JavaFX
 * start-up), on the tests' class path and with the JVM options Chronicle Queue needs, taken from ours.
 */
public final class ChildCli {
    private ChildCli() {
    }

    /** {@code backstep ARGS} with {@code extraJvmOptions} (e.g. {@code -Dbackstep.journals=DIR}). */
    public static ProcessBuilder of(List<String> extraJvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dchronicle") || a.startsWith("-Xss")) cmd.add(a);
        }
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Launcher.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    public static ProcessBuilder of(String... args) {
        return of(List.of(), args);
    }
}
