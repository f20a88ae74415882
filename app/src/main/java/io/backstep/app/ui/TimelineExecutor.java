package io.backstep.app.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
    /** The latest coalesced work not started yet (null when none is waiting). */
    private final AtomicReference<Runnable> latest = new AtomicReference<>();

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
     * Coalesced work, for timeline dragging: runs {@code work} after what is queued before it, unless
     * newer coalesced work arrives before it starts, which then runs instead. A run never waits behind
     * stale positions, and at most one is queued at a time.
     */
    public void submitLatest(Runnable work) {
        if (latest.getAndSet(work) == null) {
            thread.execute(() -> {
                Runnable w = latest.getAndSet(null);
                if (w != null) w.run();
            });
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
