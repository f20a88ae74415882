package io.backstep.app.ui;

import io.backstep.recorder.timeline.Timeline;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** How the window obtains timelines: recording a module, opening a .bstrace, exporting. */
public interface RecordingFactory {
    /**
     * Records a run of {@code wasm} (blocking). {@code progress} gets the step count now and then;
     * {@link #cancel()} stops the recording early, keeping what was recorded so far.
     */
    Timeline record(String name, byte[] wasm, RunSettings settings, LongConsumer progress) throws Exception;

    /** Opens a saved recording (a recording directory). */
    Timeline open(Path bstrace) throws Exception;

    /** Interrupts a running {@link #record}. */
    void cancel();

    /** Writes steps [fromStep, toStep] of {@code timeline} (or all of it) to {@code out}. */
    void export(Timeline timeline, Path out, long fromStep, long toStep) throws Exception;
}
