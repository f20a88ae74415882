package io.backstep.recorder.bundle;

import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: records the never-ending "loop" sample into the
 * directory given as the argument, printing a line at every checkpoint, until it is killed.
 */
public final class RecordChild {
    private RecordChild() {
    }

    public static void main(String[] args) throws Exception {
        byte[] module;
        try (InputStream in = RecordChild.class.getResourceAsStream("/samples/loop.wasm")) {
            module = in.readAllBytes();
        }
        Recorder.Options options = new Recorder.Options().interval(20_000).progress(step -> {
            System.out.println("checkpoint " + step);
            System.out.flush();
        });
        Recorder.record(module, RunConfig.of("loop", List.of()), Path.of(args[0]), options);
        System.out.println("finished");
    }
}
