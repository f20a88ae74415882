package io.backstep.app.ui;

import io.backstep.recorder.Recordings;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Timeline;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/** Connects the window to the recorder ({@link Recordings}). */
public final class Recorders {
    private Recorders() {
    }

    public static RecordingFactory factory() {
        return new RecordingFactory() {
            private volatile boolean cancelled;

            @Override
            public Timeline record(String name, byte[] wasm, RunConfig config, LongConsumer progress) throws IOException {
                cancelled = false;
                List<String> argv = new ArrayList<>();
                argv.add(name);
                argv.addAll(config.args());
                List<String> env = new ArrayList<>();
                config.env().forEach((k, v) -> env.add(k + "=" + v));
                List<io.backstep.recorder.recording.RunConfig.Preopen> dirs = config.preopens();
                Path dir = Files.createTempDirectory("backstep-recording");
                try {
                    Timeline t = Recordings.record(wasm, new io.backstep.recorder.recording.RunConfig(argv, env, dirs), dir,
                        new Recorder.Options().progress(progress).cancelled(() -> cancelled));
                    return deletingOnClose(t, dir);
                } catch (RuntimeException e) {
                    deleteTree(dir);
                    throw e;
                }
            }

            @Override
            public Timeline open(Path recording) throws IOException {
                if (Files.isDirectory(recording)) return Recordings.open(recording);
                // A .bstrace bundle is unpacked into a temporary journal that goes away with the timeline.
                Path work = Files.createTempDirectory("backstep-trace");
                try {
                    return deletingOnClose(new ReplayTimeline(Bundle.open(recording, work)), work);
                } catch (RuntimeException e) {
                    deleteTree(work);
                    throw e;
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public boolean canExport() {
                return true;
            }

            @Override
            public void export(Timeline timeline, Path out, long fromStep, long toStep) {
                Timeline t = timeline instanceof Unwrap u ? u.unwrap() : timeline;
                if (!(t instanceof ReplayTimeline rt)) throw new IllegalArgumentException("this timeline cannot be exported");
                Recording r = rt.recordingInfo();
                if (fromStep <= 0 && toStep >= r.endStep()) Bundle.export(r, out);
                else Bundle.export(r, out, fromStep, toStep);
            }
        };
    }

    /** Implemented by the wrapping proxy so export can reach the recorder's timeline. */
    public interface Unwrap {
        Timeline unwrap();
    }

    /** Wraps a timeline recorded into a temporary directory so closing it also deletes the directory. */
    static Timeline deletingOnClose(Timeline t, Path dir) {
        return (Timeline) Proxy.newProxyInstance(Timeline.class.getClassLoader(), new Class<?>[] {Timeline.class, Unwrap.class}, (p, m, args) -> {
            if (m.getName().equals("unwrap") && m.getDeclaringClass() == Unwrap.class) return t;
            try {
                Object r = m.invoke(t, args);
                if (m.getName().equals("close") && m.getParameterCount() == 0) deleteTree(dir);
                return r;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temporary directory is harmless
        }
    }
}
