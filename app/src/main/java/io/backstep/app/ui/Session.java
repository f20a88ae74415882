package io.backstep.app.ui;

import io.backstep.engine.text.WatPrinter;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Marker;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The debugging session behind the window: owns the timeline (touched only on the executor thread),
 * publishes a {@link StopState} after every command, and keeps the previous one so views can highlight
 * what changed. All public methods are called on the FX thread.
 */
public final class Session implements AutoCloseable {
    /** What was loaded: the timeline plus its disassembly and a display name. */
    public record Loaded(Timeline timeline, WatText wat, String name, String source) {
    }

    private final TimelineExecutor executor = new TimelineExecutor();
    private final ObjectProperty<Loaded> loaded = new SimpleObjectProperty<>();
    private final ObjectProperty<StopState> snapshot = new SimpleObjectProperty<>();
    private StopState previous;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty busyText = new SimpleStringProperty("");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    /** Steps where navigation stopped at a breakpoint or watchpoint, for the timeline bar. */
    private final List<Long> hitSteps = new ArrayList<>();
    private volatile Timeline timeline; // written on the executor thread, read by pause()
    private WatchHits watchpointHits = new WatchHits(); // of the current timeline; executor thread only
    private volatile Runnable cancelOpen;

    public ReadOnlyObjectProperty<Loaded> loadedProperty() {
        return loaded;
    }

    public ReadOnlyObjectProperty<StopState> snapshotProperty() {
        return snapshot;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty busyTextProperty() {
        return busyText;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }

    public StopState snapshot() {
        return snapshot.get();
    }

    /** The stop before the current one (what "changed" highlights compare with), or null. */
    public StopState previous() {
        return previous;
    }

    public Loaded loaded() {
        return loaded.get();
    }

    /** Breakpoint hits of the whole recording, plus watchpoint stops reached in this session. */
    public List<Long> hitSteps() {
        StopState s = snapshot.get();
        java.util.TreeSet<Long> all = new java.util.TreeSet<>(hitSteps);
        if (s != null) all.addAll(s.breakpointHits());
        return List.copyOf(all);
    }

    public TimelineExecutor executor() {
        return executor;
    }

    /** A recording source: creates (records) or opens a timeline, on the executor thread. */
    public interface Opener {
        Timeline open() throws Exception;
    }

    /**
     * Opens a new timeline in the background, closing the current one; the status bar says
     * {@code busyText} meanwhile ("Recording …", "Opening …"). {@code cancel} (may be null) interrupts the
     * opener when the user presses Cancel.
     */
    public void open(String name, String source, String busyText, Opener opener, Runnable cancel, Consumer<Throwable> onError) {
        busy.set(true);
        this.busyText.set(busyText);
        cancelOpen = cancel;
        executor.submit(() -> {
            Timeline old = timeline;
            timeline = null;
            if (old != null) old.close();
            Timeline t = opener.open();
            WindowTiming.mark("timeline opened");
            watchpointHits = new WatchHits();
            WatText wat = WatPrinter.print(t.module().module());
            WindowTiming.mark("disassembled");
            timeline = t;
            StopState s = capture(t, Stop.step(t.currentStep()));
            return new Object[] {new Loaded(t, wat, name, source), s};
        }, r -> {
            cancelOpen = null;
            busy.set(false);
            previous = null;
            hitSteps.clear();
            loaded.set((Loaded) r[0]);
            snapshot.set((StopState) r[1]);
        }, e -> {
            cancelOpen = null;
            busy.set(false);
            loaded.set(null);
            snapshot.set(null);
            onError.accept(e);
        });
    }

    /** Closes the timeline and shows the empty state. */
    public void unload() {
        executor.submit(() -> {
            Timeline old = timeline;
            timeline = null;
            if (old != null) old.close();
            return Boolean.TRUE;
        }, r -> {
            previous = null;
            loaded.set(null);
            snapshot.set(null);
        }, lastError::set);
    }

    /** Runs a navigation command in the background; the window shows the resulting stop. */
    public void navigate(String what, Function<Timeline, Stop> command) {
        navigate(what, command, s -> { });
    }

    /** As {@link #navigate(String, Function)}, then {@code then} runs with the stop once the views show it. */
    public void navigate(String what, Function<Timeline, Stop> command, Consumer<StopState> then) {
        if (loaded.get() == null) return;
        busy.set(true);
        busyText.set(what + "…");
        executor.submit(() -> {
            Timeline t = timeline;
            if (t == null) return null;
            Stop stop = command.apply(t);
            return capture(t, stop);
        }, s -> {
            busy.set(false);
            if (s != null) {
                publish(s);
                then.accept(s);
            }
        }, e -> {
            busy.set(false);
            lastError.set(e);
        });
    }

    /** Seeks for scrubbing: drag events are coalesced so only the latest position is computed. */
    public void scrubTo(long step) {
        if (loaded.get() == null) return;
        executor.seekLatest(step, s -> {
            Timeline t = timeline;
            if (t == null) return;
            try {
                t.seek(s);
                // A drag sends many positions: skip capturing and drawing a stop the user has already left.
                if (executor.newerSeekThan(s)) return;
                StopState snap = capture(t, Stop.step(t.currentStep()));
                javafx.application.Platform.runLater(() -> {
                    if (!executor.newerSeekThan(s)) publish(snap);
                });
            } catch (RuntimeException e) {
                javafx.application.Platform.runLater(() -> lastError.set(e));
            }
        });
    }

    /** Changes breakpoints or watchpoints, then refreshes the snapshot (hit counts, lists). */
    public void edit(Consumer<Timeline> change) {
        edit(change, lastError::set);
    }

    /**
     * As {@link #edit(Consumer)}; a change that fails (e.g. a condition that does not compile) goes to
     * {@code onError}, after the snapshot was refreshed anyway so the views show what the timeline holds.
     */
    public void edit(Consumer<Timeline> change, Consumer<Throwable> onError) {
        if (loaded.get() == null) return;
        record Edited(StopState snapshot, RuntimeException failure) {
        }
        executor.submit(() -> {
            Timeline t = timeline;
            if (t == null) return null;
            RuntimeException failure = null;
            try {
                change.accept(t);
            } catch (RuntimeException e) {
                failure = e;
            }
            StopState cur = snapshot.get();
            return new Edited(capture(t, cur != null ? cur.stop() : Stop.step(t.currentStep())), failure);
        }, r -> {
            if (r == null) return;
            StopState keepPrev = previous;
            snapshot.set(r.snapshot());
            previous = keepPrev;
            if (r.failure() != null) onError.accept(r.failure());
        }, onError);
    }

    /** Runs a query against the timeline in the background (e.g. memory reads, lastWrite). */
    public <T> void query(Function<Timeline, T> q, Consumer<T> onFx) {
        executor.submit(() -> {
            Timeline t = timeline;
            return t == null ? null : q.apply(t);
        }, r -> {
            if (r != null) onFx.accept(r);
        }, lastError::set);
    }

    /** Interrupts a running command within the timeline's pause latency; safe to call any time. */
    public void pause() {
        Timeline t = timeline;
        if (t != null) t.pause();
        Runnable c = cancelOpen;
        if (c != null) c.run();
    }

    private void publish(StopState s) {
        StopState cur = snapshot.get();
        if (cur != null && cur.step() != s.step()) previous = cur;
        if (s.stop() != null && (s.stop().reason() == Stop.Reason.BREAKPOINT || s.stop().reason() == Stop.Reason.WATCHPOINT)
                && !hitSteps.contains(s.step())) {
            hitSteps.add(s.step());
        }
        snapshot.set(s);
    }

    /** At most this many breakpoint-hit ticks are drawn on the timeline. */
    static final int MAX_HIT_MARKERS = 2000;

    /** Reads everything the views need; runs on the executor thread. */
    private StopState capture(Timeline t, Stop stop) {
        // First: counting watchpoint writes searches the timeline (it returns to the current step after).
        List<Watchpoint> wps = t.watchpoints();
        Map<Integer, HitCount> watchHits = new LinkedHashMap<>();
        for (Watchpoint w : wps) {
            HitCount n = watchpointHits.count(t, w, t.currentStep());
            if (n != null) watchHits.put(w.id(), n);
        }
        MachineState st = t.state();
        List<List<Value>> tables = new ArrayList<>();
        for (int i = 0; i < st.tableCount(); i++) tables.add(st.table(i));
        List<Breakpoint> bps = t.breakpoints();
        List<Long> bpHits = bps.isEmpty() ? List.of() : t.breakpointHits(MAX_HIT_MARKERS);
        List<FrameInfo> frames = List.copyOf(st.frames());
        FrameInfo top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        Map<Integer, Long> hits = new LinkedHashMap<>();
        for (Breakpoint b : bps) hits.put(b.id(), t.hitCount(b.id()) + (hitNow(b, bps, stop, st.step(), top, bpHits) ? 1 : 0));
        List<Marker> markers = t.markers();
        MachineState.Status status = st.status();
        String trapMessage = st.trapMessage();
        return new StopState(st.step(), t.endStep(), stop, status, trapMessage, st.exitStatus(),
            frames, List.copyOf(st.globals()), st.memorySize(), tables,
            t.console(st.step()), bps, hits, wps, watchHits, markers, bpHits, t.journalBytes());
    }

    /**
     * Whether {@code b} is hit at the current state ({@link Timeline#hitCount} counts the states before
     * it): it stopped the command, or execution stands at its offset, some breakpoint is hit here and
     * no other enabled breakpoint there could be the one whose condition held.
     */
    static boolean hitNow(Breakpoint b, List<Breakpoint> all, Stop stop, long step, FrameInfo top, List<Long> hitSteps) {
        if (stop != null && stop.reason() == Stop.Reason.BREAKPOINT && stop.id() == b.id() && stop.step() == step) return true;
        if (!b.enabled() || b.onEntry() || top == null || top.functionIndex() != b.functionIndex() || top.wasmOffset() != b.wasmOffset()) {
            return false;
        }
        for (Breakpoint o : all) {
            if (o.id() != b.id() && o.enabled() && o.functionIndex() == b.functionIndex() && o.wasmOffset() == b.wasmOffset()
                    && !java.util.Objects.equals(o.condition(), b.condition())) {
                return false;
            }
        }
        return java.util.Collections.binarySearch(hitSteps, step) >= 0;
    }

    @Override
    public void close() {
        Timeline t = timeline;
        if (t != null) t.pause();
        executor.submit(() -> {
            Timeline old = timeline;
            timeline = null;
            if (old != null) old.close();
            return Boolean.TRUE;
        }, r -> executor.close(), e -> executor.close());
    }
}
