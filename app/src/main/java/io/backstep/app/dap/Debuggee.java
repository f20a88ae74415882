package io.backstep.app.dap;

import io.backstep.app.ModuleProblem;
import io.backstep.app.cli.BundledSamples;
import io.backstep.engine.ModuleException;
import io.backstep.recorder.Recordings;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a session debugs: the timeline of a run recorded at launch (or of a saved recording), with its
 * journal in the journal store, released when the timeline closes.
 */
final class Debuggee implements AutoCloseable {
    private final ReplayTimeline timeline;
    private final String name;
    private final Path moduleDir;
    private final boolean bundledSample;

    private Debuggee(ReplayTimeline timeline, String name, Path moduleDir, boolean bundledSample) {
        this.timeline = timeline;
        this.name = name;
        this.moduleDir = moduleDir;
        this.bundledSample = bundledSample;
    }

    ReplayTimeline timeline() {
        return timeline;
    }

    /** The folder relative DWARF paths start from: the module's (or the recording's) folder; null for a bundled sample. */
    Path moduleDir() {
        return moduleDir;
    }

    /** Whether the program is a sample shipped inside the application (its sources are, too). */
    boolean bundledSample() {
        return bundledSample;
    }

    /** Display name: the module's file name or the sample's name. */
    String name() {
        return name;
    }

    /** Records the configured program, or opens the configured recording. {@code cancelled} stops a long recording early. */
    static Debuggee load(LaunchConfig config, BooleanSupplier cancelled) {
        return config.recording() != null ? open(config.recording()) : record(config, cancelled);
    }

    private static Debuggee record(LaunchConfig config, BooleanSupplier cancelled) {
        Path file = config.cwd().resolve(config.program());
        byte[] wasm;
        String name;
        Path dir = null;
        if (Files.isRegularFile(file)) {
            try {
                wasm = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DapException("cannot read '" + file + "': " + e.getMessage());
            }
            name = file.getFileName().toString();
            dir = file.toAbsolutePath().normalize().getParent();
        } else {
            wasm = BundledSamples.find(config.program());
            if (wasm == null) throw new DapException("'program': no file '" + file + "' and no bundled sample '" + config.program() + "'");
            name = config.program().endsWith(".wasm") ? config.program() : config.program() + ".wasm";
        }
        List<String> argv = new ArrayList<>();
        argv.add(name);
        argv.addAll(config.args());
        List<String> env = new ArrayList<>();
        config.env().forEach((k, v) -> env.add(k + "=" + v));
        Recorder.Options options = new Recorder.Options().maxSteps(config.recordSteps())
                .interruption(() -> cancelled.getAsBoolean() ? "interrupted by the debugger client" : null);
        try {
            return new Debuggee(Recordings.recordInStore(wasm, new RunConfig(argv, env, config.dirs()), options), name, dir,
                    dir == null);
        } catch (ModuleException e) {
            throw new DapException("'program' " + name + ": " + ModuleProblem.oneLine(e, wasm.length));
        }
    }

    private static Debuggee open(Path recording) {
        if (!Files.isDirectory(recording) && !Files.isRegularFile(recording)) throw new DapException("'recording': no file '" + recording + "'");
        return new Debuggee(Recordings.openSaved(recording), recording.getFileName().toString(),
                recording.toAbsolutePath().normalize().getParent(), false);
    }

    @Override
    public void close() {
        timeline.close(); // releases the journal in the store, if it is one
    }
}
