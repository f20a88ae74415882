package io.backstep.recorder;

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
}
