package io.backstep.app.ui;

import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.WatPrinter;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Marker;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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
    /** What was loaded: the timeline plus its disassembly, a display name, where it came from and its source level. */
    public record Loaded(Timeline timeline, WatText wat, String name, Origin origin, SourceInfo sourceInfo) {
    }

    /**
     * Where a module came from: a description for the user ("bundled sample", a file path), the folder
     * of the module or recording (DWARF paths and external debug info are relative to it; null if
     * none), and the bundled sample's name when it is one (its sources ship with the application).
     */
    public record Origin(String description, java.nio.file.Path moduleDir, String bundledSample) {
    }

    /**
     * The module's source level as the window needs it: whether there is usable DWARF and why not
     * ({@code status}), the source files it names, and whether line stepping can run on this timeline.
     */
    public record SourceInfo(boolean available, String status, List<String> files, boolean lineStepping) {
    }

    private final TimelineExecutor executor = new TimelineExecutor();
    private final ObjectProperty<Loaded> loaded = new SimpleObjectProperty<>();
    private final ObjectProperty<StopState> snapshot = new SimpleObjectProperty<>();
    private StopState previous;
    /** Scrub requests made (FX thread) and the newest of them whose stop is shown. */
    private long scrubRequests;
    private long scrubShown;
    /** The newest stop captured for scrubbing that the FX thread has not taken yet. */
    private final AtomicReference<Scrubbed> scrubbed = new AtomicReference<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty busyText = new SimpleStringProperty("");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    /** Steps where navigation stopped at a breakpoint or watchpoint, for the timeline bar. */
    private final List<Long> hitSteps = new ArrayList<>();
    private volatile Timeline timeline; // written on the executor thread, read by pause()
    private WatchHits watchpointHits = new WatchHits(); // of the current timeline; executor thread only
    private volatile Runnable cancelOpen;
    private SourceReader sourceReader; // of the current timeline; executor thread only
    /** Why the stop shown has no source level though the module has debug info (malformed DWARF found while reading), or null. */
    private volatile String sourceTrouble;
    /** Rows of the variables and watch trees the user expanded (read to that depth at every stop). */
    private volatile Set<String> expanded = Set.of();
    /** The watch expressions, in the order shown. */
    private volatile List<String> watches = List.of();

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
    public void open(String name, Origin origin, String busyText, Opener opener, Runnable cancel, Consumer<Throwable> onError) {
        busy.set(true);
        this.busyText.set(busyText);
        cancelOpen = cancel;
        executor.submit(() -> {
            Timeline old = timeline;
            timeline = null;
            sourceReader = null;
            if (old != null) old.close();
            Timeline t = opener.open();
            WindowTiming.mark("timeline opened");
            watchpointHits = new WatchHits();
            WatText wat = WatPrinter.print(t.module().module());
            WindowTiming.mark("disassembled");
            SourceInfo info = openSource(t, origin);
            WindowTiming.mark("debug info opened");
            timeline = t;
            StopState s = capture(t, Stop.step(t.currentStep()));
            WindowTiming.mark("first stop read");
            return new Object[] {new Loaded(t, wat, name, origin, info), s};
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
            sourceReader = null;
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

    /**
     * Seeks for scrubbing (dragging the timeline knob): positions are coalesced, so the timeline thread
     * always seeks to the latest one requested and never works through stale ones, and the FX thread
     * shows only the latest stop captured, so a stop never replaces a newer one.
     */
    public void scrubTo(long step) {
        if (loaded.get() == null) return;
        long request = ++scrubRequests;
        executor.submitLatest(() -> {
            Timeline t = timeline;
            StopState stop = null;
            try {
                if (t != null) {
                    t.seek(step);
                    stop = capture(t, Stop.step(t.currentStep()));
                }
            } catch (RuntimeException e) {
                javafx.application.Platform.runLater(() -> lastError.set(e));
            }
            // A stop captured while the FX thread had not yet taken the previous one replaces it there.
            if (scrubbed.getAndSet(new Scrubbed(request, stop)) == null) javafx.application.Platform.runLater(this::showScrubbed);
        });
    }

    /** The stop captured for scrub request number {@code request} (null when there was none to capture). */
    private record Scrubbed(long request, StopState stop) {
    }

    private void showScrubbed() {
        Scrubbed s = scrubbed.getAndSet(null);
        if (s == null || s.request() <= scrubShown) return;
        scrubShown = s.request();
        if (s.stop() != null && loaded.get() != null) publish(s.stop());
    }

    /**
     * True while the latest scrub position asked for is not shown yet: a stop shown meanwhile is an
     * intermediate one, which the window draws cheaply.
     */
    public boolean scrubPending() {
        return scrubShown < scrubRequests;
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
        edit(change, () -> { }, onError);
    }

    /** As {@link #edit(Consumer, Consumer)}; {@code then} runs on the FX thread after a change that succeeded is shown. */
    public void edit(Consumer<Timeline> change, Runnable then, Consumer<Throwable> onError) {
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
            else then.run();
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
        int writer = writerOffset(t, stop, wps);
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
            t.console(st.step()), bps, hits, wps, watchHits, markers, bpHits, t.journalBytes(), captureSource(t, bps, writer));
    }

    /**
     * At a memory watchpoint stop (the state after the write), the module offset of the writing
     * instruction, so the source view can name its line; else -1. Only with debug info: it searches.
     */
    private int writerOffset(Timeline t, Stop stop, List<Watchpoint> wps) {
        if (sourceReader == null || stop == null || stop.reason() != Stop.Reason.WATCHPOINT || stop.step() != t.currentStep()) return -1;
        for (Watchpoint w : wps) {
            if (w.id() != stop.id() || w.kind() != Watchpoint.Kind.MEMORY) continue;
            long before = Math.min(t.endStep(), stop.step() + 1);
            java.util.Optional<io.backstep.recorder.timeline.WriteInfo> wi = t.lastWrite(w.address(), w.length(), before);
            if (wi != null && wi.isPresent() && wi.get().step() == stop.step() && wi.get().hostCall() == null) return wi.get().wasmOffset();
        }
        return -1;
    }

    /** The source level of the state, or null without usable debug info (the window then works at the Wasm level). */
    private SourceStop captureSource(Timeline t, List<Breakpoint> bps, int writer) {
        SourceReader r = sourceReader;
        if (r == null) return null;
        try {
            // A state taken now: counting hits above moved the timeline and back, which made earlier states stale.
            SourceStop s = r.capture(t.state(), bps, expanded, watches, writer);
            sourceTrouble = s == null ? r.model().status() : null;
            return s;
        } catch (RuntimeException e) {
            // The model guards malformed DWARF itself; anything else must not cost the Wasm-level stop.
            sourceTrouble = "source level failed: " + e.getMessage();
            return null;
        }
    }

    /** Opens the module's debug info once per timeline (executor thread). */
    private SourceInfo openSource(Timeline t, Origin origin) {
        SourceModel model = SourceModel.open(t.module().module(), origin == null ? null : origin.moduleDir());
        if (!model.available()) return new SourceInfo(false, model.status(), List.of(), false);
        SourceReader r = new SourceReader(model);
        if (!model.available()) return new SourceInfo(false, model.status(), List.of(), false);
        sourceReader = r;
        return new SourceInfo(true, model.status(), r.files(), t instanceof ReplayTimeline);
    }

    /** Why the current stop has no source level although the module has debug info (e.g. "debug info unreadable: ..."), or null. */
    public String sourceTrouble() {
        return sourceTrouble;
    }

    /** The rows the user expanded in the source variables and watch trees; later stops read them too. */
    public void setExpanded(Set<String> paths) {
        expanded = Set.copyOf(paths);
    }

    /** Replaces the watch expressions and reads them at the current stop. */
    public void setWatches(List<String> expressions) {
        watches = List.copyOf(expressions);
        refresh();
    }

    public List<String> watches() {
        return watches;
    }

    /** Reads the current stop again (e.g. after the watch list changed) and shows it, keeping the previous stop for highlights. */
    public void refresh() {
        edit(t -> { });
    }

    /**
     * Reads the children of variables row {@code path} of source frame {@code frame} at step
     * {@code step}; {@code onFx} gets them unless the timeline has left that step (then nothing happens).
     */
    public void readChildren(long step, int frame, String path, Consumer<List<SourceVar>> onFx) {
        List<String> w = watches;
        executor.submit(() -> {
            SourceReader r = sourceReader;
            Timeline t = timeline;
            if (r == null || t == null || t.currentStep() != step) return null;
            return r.children(t.state(), frame, path, w);
        }, rows -> {
            if (rows != null) onFx.accept(rows);
        }, lastError::set);
    }

    /** Reads the variables of source frame {@code frame} at step {@code step} (to the expanded depth). */
    public void readFrameVariables(long step, int frame, Consumer<List<SourceVar>> onFx) {
        Set<String> open = expanded;
        executor.submit(() -> {
            SourceReader r = sourceReader;
            Timeline t = timeline;
            if (r == null || t == null || t.currentStep() != step) return null;
            return r.frameVariables(t.state(), frame, open);
        }, rows -> {
            if (rows != null) onFx.accept(rows);
        }, lastError::set);
    }

    /**
     * Evaluates a C lvalue ({@code st.divisor}, {@code p->next}, {@code a[3]}) in the innermost frame of
     * the stop shown: {@code onFx} gets its address, size and type, {@code onError} a one-line reason.
     */
    public void lvalue(String expression, Consumer<io.backstep.recorder.source.SourceState.LValue> onFx, Consumer<Throwable> onError) {
        StopState s = snapshot.get();
        executor.submit(() -> {
            SourceReader r = sourceReader;
            Timeline t = timeline;
            if (r == null || t == null || s == null) throw new SourceException("no source-level expressions: the module has no usable debug info");
            if (t.currentStep() != s.step()) throw new SourceException("the program is not stopped here any more");
            return r.lvalue(t.state(), expression);
        }, onFx, onError);
    }

    /** Steps one source line (or out of a function) in {@code direction}; only when {@link SourceInfo#lineStepping()}. */
    public void stepLine(String what, SourceStepper.Kind kind, Direction direction) {
        navigate(what, t -> {
            SourceReader r = sourceReader;
            if (r == null || !(t instanceof ReplayTimeline rt)) throw new IllegalStateException("no line information to step by");
            return new SourceStepper(rt, r.model()).step(kind, direction);
        });
    }

    /**
     * Adds a breakpoint on source line {@code line} of {@code file} (each function with code for it, or
     * the next line with code), or removes it when it is there; {@code onFx} gets what was done.
     */
    public void toggleLineBreakpoint(String file, int line, Consumer<String> onFx, Consumer<Throwable> onError) {
        lineBreakpoint(file, line, null, true, onFx, onError);
    }

    /**
     * Sets a breakpoint on source line {@code file:line} with an optional C {@code condition}; with
     * {@code toggle}, removes it instead when it is there. {@code onFx} gets what was done.
     */
    public void lineBreakpoint(String file, int line, String condition, boolean toggle, Consumer<String> onFx, Consumer<Throwable> onError) {
        String[] said = {null};
        edit(t -> {
            SourceReader r = sourceReader;
            if (r == null) throw new SourceException("no source-level breakpoints: the module has no usable debug info");
            LineBreakpoint lb = t.module().lineBreakpoint(r.model(), file, line);
            boolean removed = false;
            if (!toggle) {
                for (LineBreakpoint.Position p : lb.positions()) t.addBreakpoint(p.functionIndex(), p.wasmOffset(), condition);
                said[0] = lb.moved() ? "Line " + lb.requestedLine() + " has no code: breakpoint set on line " + lb.line() + " instead"
                    : "Breakpoint set on " + SourceStop.Line.shortName(lb.file()) + ":" + lb.line();
                return;
            }
            for (Breakpoint b : t.breakpoints()) {
                for (LineBreakpoint.Position p : lb.positions()) {
                    if (!b.onEntry() && b.functionIndex() == p.functionIndex() && b.wasmOffset() == p.wasmOffset()) {
                        t.removeBreakpoint(b.id());
                        removed = true;
                    }
                }
            }
            String where = SourceStop.Line.shortName(lb.file()) + ":" + lb.line();
            if (removed) {
                said[0] = "Breakpoint removed from " + where;
                return;
            }
            for (LineBreakpoint.Position p : lb.positions()) t.addBreakpoint(p.functionIndex(), p.wasmOffset(), null);
            said[0] = lb.moved() ? "Line " + lb.requestedLine() + " has no code: breakpoint set on line " + lb.line() + " instead"
                : "Breakpoint set on " + where + (lb.positions().size() > 1 ? " (" + lb.positions().size() + " places)" : "");
        }, () -> {
            if (said[0] != null) onFx.accept(said[0]);
        }, onError);
    }

    /**
     * Sets a breakpoint on a function: {@code functionIndex}, or when that is -1 the function whose
     * source name is {@code name} ({@code main}). With debug info for it, the breakpoint is after the
     * function's prologue, as gdb's {@code break FUNCTION} (before it, an -O0 frame's variables are not
     * yet where the DWARF says); otherwise on its first instruction. {@code onFx} gets what was set.
     */
    public void functionBreakpoint(int functionIndex, String name, String condition, Consumer<String> onFx, Consumer<Throwable> onError) {
        String[] said = {null};
        edit(t -> {
            SourceReader r = sourceReader;
            int fn = functionIndex >= 0 || r == null ? functionIndex : t.module().sourceFunction(r.model(), name);
            if (fn < 0) throw new SourceException("no function named '" + name + "' in the module");
            int entry = r == null ? -1 : t.module().sourceEntryOffset(r.model(), fn);
            t.addBreakpoint(fn, entry, condition);
            said[0] = "Breakpoint set on " + name + (entry >= 0 ? ", after its prologue" : "");
        }, () -> {
            if (said[0] != null) onFx.accept(said[0]);
        }, onError);
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
