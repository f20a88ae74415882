package io.backstep.app.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.application.Platform;

/**
 * The single background thread every timeline command runs on (the timeline is not thread-safe), so
 * the FX thread never blocks. Results are handed back with {@link Platform#runLater}.
 */
public final class TimelineExecutor implements AutoCloseable {
    /** A unit of work that may fail. */
    public interface Task<T> {
        T run() throws Exception;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backstep-timeline");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pendingSeek = new AtomicLong();
    private final AtomicBoolean seekQueued = new AtomicBoolean();

    /** Runs {@code task} in the background; then {@code onFx} or {@code onError} on the FX thread. */
    public <T> void submit(Task<T> task, Consumer<T> onFx, Consumer<Throwable> onError) {
        thread.execute(() -> {
            T result;
            try {
                result = task.run();
            } catch (Throwable e) {
                Platform.runLater(() -> onError.accept(e));
                return;
            }
            Platform.runLater(() -> onFx.accept(result));
        });
    }

    /**
     * Coalesced seeks for timeline dragging: only the latest requested step runs; requests that arrive
     * while one is running replace each other.
     */
    public void seekLatest(long step, LongConsumer seekOnBackground) {
        pendingSeek.set(step);
        if (seekQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                seekQueued.set(false);
                seekOnBackground.accept(pendingSeek.get());
            });
        }
    }

    /** True if a newer seek was requested after {@code step}'s (its result would be stale at once). */
    public boolean newerSeekThan(long step) {
        return seekQueued.get() && pendingSeek.get() != step;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
