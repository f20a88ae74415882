package io.backstep.recorder;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Timeline;
import java.nio.file.Path;

/** Entry points: record a program, or open a recording, as a navigable {@link Timeline}. */
public final class Recordings {
    private Recordings() {
    }

    /**
     * Records {@code moduleBytes} into {@code dir} and opens the result. If the recording stopped
     * before the program ended (step budget or cancel), the program stays live: forward commands at
     * the end of the timeline record more of it.
     */
    public static ReplayTimeline record(byte[] moduleBytes, RunConfig config, Path dir, Recorder.Options options) {
        Recorder.Live live = Recorder.start(moduleBytes, config, dir, options);
        Recording recording;
        try {
            live.run(options.maxSteps());
            recording = Recording.open(dir);
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
        if (!live.canContinue()) {
            live.close();
            return new ReplayTimeline(recording);
        }
        return new ReplayTimeline(recording, live);
    }

    /** Opens the recording (journal directory) in {@code dir}. */
    public static ReplayTimeline open(Path dir) {
        return new ReplayTimeline(Recording.open(dir));
    }

    /**
     * Records {@code moduleBytes} into a new journal in the {@link JournalStore}; the journal is released
     * when the timeline is closed (or at once, if recording fails).
     */
    public static ReplayTimeline recordInStore(byte[] moduleBytes, RunConfig config, Recorder.Options options) {
        JournalStore store = JournalStore.standard();
        Path dir = store.create(JournalStore.Purpose.RECORDING);
        try {
            return record(moduleBytes, config, dir, options).whenClosed(() -> store.release(dir));
        } catch (RuntimeException e) {
            store.release(dir);
            throw e;
        }
    }

    /**
     * Opens a saved recording: a recording directory as it is, or a .bstrace bundle unpacked into the
     * {@link JournalStore}, the copy released when the timeline is closed.
     */
    public static ReplayTimeline openSaved(Path recording) {
        if (java.nio.file.Files.isDirectory(recording)) return open(JournalStore.journalIn(recording));
        JournalStore store = JournalStore.standard();
        Path work = store.create(JournalStore.Purpose.UNPACKED);
        try {
            return new ReplayTimeline(Bundle.open(recording, work)).whenClosed(() -> store.release(work));
        } catch (RuntimeException e) {
            store.release(work);
            throw e;
        }
    }
}
