package io.backstep.recorder;

import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry points: record a program, or open a recording, as a navigable {@link Timeline}. */
public final class Recordings {
    private Recordings() {
    }

    /** Records {@code moduleBytes} into {@code dir} and opens the result. */
    public static Timeline record(byte[] moduleBytes, RunConfig config, Path dir, Recorder.Options options) {
        return new ReplayTimeline(Recorder.record(moduleBytes, config, dir, options));
    }

    /** Records into a fresh temporary directory. */
    public static Timeline record(byte[] moduleBytes, RunConfig config, Recorder.Options options) {
        try {
            return record(moduleBytes, config, Files.createTempDirectory("backstep-recording"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the recording (journal directory) in {@code dir}. */
    public static Timeline open(Path dir) {
        return new ReplayTimeline(Recording.open(dir));
    }
}
