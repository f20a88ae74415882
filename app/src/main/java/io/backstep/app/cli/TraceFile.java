package io.backstep.app.cli;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.bundle.BundleException;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A .bstrace file opened for a command: unpacked into a temporary journal that is deleted on close. */
final class TraceFile implements AutoCloseable {
    final Path file;
    final Recording recording;
    private final Path work;
    private ReplayTimeline timeline;

    private TraceFile(Path file, Path work, Recording recording) {
        this.file = file;
        this.work = work;
        this.recording = recording;
    }

    static TraceFile open(String name) {
        Path file = InputFile.require(Path.of(name));
        Path work = tempDir("backstep-trace");
        try {
            return new TraceFile(file, work, Bundle.open(file, work));
        } catch (BundleException e) {
            delete(work);
            throw new CliException(Cli.ERROR, e.getMessage());
        }
    }

    /** The recording as a timeline (created on first use; closing the trace closes it). */
    ReplayTimeline timeline() {
        if (timeline == null) timeline = new ReplayTimeline(recording);
        return timeline;
    }

    @Override
    public void close() {
        if (timeline != null) timeline.close();
        recording.close();
        delete(work);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new CliException(Cli.ERROR, "cannot create a temporary directory: " + e.getMessage());
        }
    }

    /** Deletes a directory tree; best effort (a leftover temporary file is not worth failing a command for). */
    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
