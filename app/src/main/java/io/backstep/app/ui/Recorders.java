package io.backstep.app.ui;

import io.backstep.recorder.Recordings;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Timeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/** Connects the window to the recorder ({@link Recordings}); journals live in the journal store. */
public final class Recorders {
    private Recorders() {
    }

    public static RecordingFactory factory() {
        return new RecordingFactory() {
            private volatile boolean cancelled;

            @Override
            public Timeline record(String name, byte[] wasm, RunSettings settings, LongConsumer progress) {
                cancelled = false;
                List<String> argv = new ArrayList<>();
                argv.add(name);
                argv.addAll(settings.args());
                List<String> env = new ArrayList<>();
                settings.env().forEach((k, v) -> env.add(k + "=" + v));
                return Recordings.recordInStore(wasm, new RunConfig(argv, env, settings.preopens()),
                    new Recorder.Options().progress(progress).interruption(() -> cancelled ? "cancelled in the window" : null));
            }

            @Override
            public Timeline open(Path recording) {
                return Recordings.openSaved(recording);
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public void export(Timeline timeline, Path out, long fromStep, long toStep) {
                if (!(timeline instanceof ReplayTimeline rt)) throw new IllegalArgumentException("this timeline cannot be exported");
                Recording r = rt.recordingInfo();
                if (fromStep <= 0 && toStep >= r.endStep()) Bundle.export(r, out);
                else Bundle.export(r, out, fromStep, toStep);
            }
        };
    }
}
