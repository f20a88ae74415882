package io.backstep.app.dap;

import io.backstep.app.cli.BundledSamples;
import io.backstep.recorder.Recordings;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a session debugs: the timeline of a run recorded at launch (or of a saved recording), with its
 * journal in the journal store, released on close.
 */
final class Debuggee implements AutoCloseable {
    private final Timeline timeline;
    private final String name;
    private final Path journal;

    private Debuggee(Timeline timeline, String name, Path journal) {
        this.timeline = timeline;
        this.name = name;
        this.journal = journal;
    }

    Timeline timeline() {
        return timeline;
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
        if (Files.isRegularFile(file)) {
            try {
                wasm = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DapException("cannot read '" + file + "': " + e.getMessage());
            }
            name = file.getFileName().toString();
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
        JournalStore store = JournalStore.standard();
        Path dir = store.create(JournalStore.Purpose.RECORDING);
        try {
            Recorder.Options options = new Recorder.Options().maxSteps(config.recordSteps())
                    .interruption(() -> cancelled.getAsBoolean() ? "interrupted by the debugger client" : null);
            Timeline t = Recordings.record(wasm, new RunConfig(argv, env, config.dirs()), dir, options);
            return new Debuggee(t, name, dir);
        } catch (RuntimeException e) {
            store.release(dir);
            throw e;
        }
    }

    private static Debuggee open(Path recording) {
        if (Files.isDirectory(recording)) {
            return new Debuggee(Recordings.open(JournalStore.journalIn(recording)), recording.getFileName().toString(), null);
        }
        if (!Files.isRegularFile(recording)) throw new DapException("'recording': no file '" + recording + "'");
        JournalStore store = JournalStore.standard();
        Path work = store.create(JournalStore.Purpose.UNPACKED);
        try {
            return new Debuggee(new ReplayTimeline(Bundle.open(recording, work)), recording.getFileName().toString(), work);
        } catch (RuntimeException e) {
            store.release(work);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            timeline.close();
        } finally {
            if (journal != null) JournalStore.standard().release(journal);
        }
    }
}
