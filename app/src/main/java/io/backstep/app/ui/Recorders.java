package io.backstep.app.ui;

import io.backstep.recorder.Recordings;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.JournalStore;
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
import java.util.List;
import java.util.function.LongConsumer;

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
                JournalStore store = JournalStore.standard();
                Path dir = store.create(JournalStore.Purpose.RECORDING);
                try {
                    Timeline t = Recordings.record(wasm, new io.backstep.recorder.recording.RunConfig(argv, env, dirs), dir,
                        new Recorder.Options().progress(progress).interruption(() -> cancelled ? "cancelled in the window" : null));
                    return deletingOnClose(t, dir);
                } catch (RuntimeException e) {
                    store.release(dir);
                    throw e;
                }
            }

            @Override
            public Timeline open(Path recording) throws IOException {
                if (Files.isDirectory(recording)) return Recordings.open(JournalStore.journalIn(recording));
                // A .bstrace bundle is unpacked into the journal store; the copy goes away with the timeline.
                JournalStore store = JournalStore.standard();
                Path work = store.create(JournalStore.Purpose.UNPACKED);
                try {
                    return deletingOnClose(new ReplayTimeline(Bundle.open(recording, work)), work);
                } catch (RuntimeException e) {
                    store.release(work);
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

    /** Wraps a timeline whose journal is in the journal store so closing it also releases the journal. */
    static Timeline deletingOnClose(Timeline t, Path dir) {
        return (Timeline) Proxy.newProxyInstance(Timeline.class.getClassLoader(), new Class<?>[] {Timeline.class, Unwrap.class}, (p, m, args) -> {
            if (m.getName().equals("unwrap") && m.getDeclaringClass() == Unwrap.class) return t;
            try {
                Object r = m.invoke(t, args);
                if (m.getName().equals("close") && m.getParameterCount() == 0) JournalStore.standard().release(dir);
                return r;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
