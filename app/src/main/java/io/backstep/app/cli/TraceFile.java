package io.backstep.app.cli;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.bundle.BundleException;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recording opened for a command: a .bstrace file, unpacked into a journal of the journal store
 * that is removed on close, or a journal directory (a recording a killed run left behind), read in place.
 */
final class TraceFile implements AutoCloseable {
    final Path file;
    final Recording recording;
    /** The unpacked journal to remove on close; null for a journal directory opened in place. */
    private final Path work;
    private ReplayTimeline timeline;

    private TraceFile(Path file, Path work, Recording recording) {
        this.file = file;
        this.work = work;
        this.recording = recording;
    }

    static TraceFile open(String name) {
        Path file = Path.of(name);
        if (Files.isDirectory(file)) {
            try {
                return new TraceFile(file, null, Recording.open(JournalStore.journalIn(file)));
            } catch (JournalException e) {
                throw new CliException(Cli.ERROR, e.getMessage());
            }
        }
        InputFile.require(file);
        JournalStore store = JournalStore.standard();
        Path work = store.create(JournalStore.Purpose.UNPACKED);
        try {
            return new TraceFile(file, work, Bundle.open(file, work));
        } catch (BundleException e) {
            store.release(work);
            throw new CliException(Cli.ERROR, e.getMessage());
        }
    }

    /** Whether this is a .bstrace file (with a manifest), not a journal directory. */
    boolean isBundle() {
        return work != null;
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
        if (work != null) JournalStore.standard().release(work);
    }
}
