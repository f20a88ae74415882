package io.backstep.app.ui;

import io.backstep.recorder.timeline.Timeline;
import java.nio.file.Path;

/** Connects the window to the recorder implementation. */
public final class Recorders {
    private Recorders() {
    }

    public static RecordingFactory factory() {
        return new RecordingFactory() {
            @Override
            public Timeline record(String name, byte[] wasm, RunConfig config) {
                throw new UnsupportedOperationException("this build has no recorder implementation");
            }

            @Override
            public Timeline open(Path bstrace) {
                throw new UnsupportedOperationException("this build has no recorder implementation");
            }

            @Override
            public void cancel() {
            }

            @Override
            public boolean canExport() {
                return false;
            }

            @Override
            public void export(Timeline timeline, Path out, long fromStep, long toStep) {
                throw new UnsupportedOperationException("export is not available");
            }
        };
    }
}
