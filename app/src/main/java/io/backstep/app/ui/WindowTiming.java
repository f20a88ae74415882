package io.backstep.app.ui;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.application.Platform;
import io.backstep.app.ui.view.TimelineBar;
import javafx.scene.Scene;

/**
 * Measures the window for the benchmark (docs/benchmarks.md): with {@code -Dbackstep.timing=true} it
 * prints, to stderr, when the window appeared and when the first stop was drawn (ms since the JVM
 * started); with {@code -Dbackstep.timing.steps=N} it then steps into N times, one after the other,
 * prints the step-to-render latencies (command issued → the stop drawn) and quits; with
 * {@code -Dbackstep.timing.scrub=S} it drags the timeline knob with the real mouse (xdotool, on an X
 * display) across 90 % of the recording in S seconds, at 60 moves a second, and prints how often the
 * knob and the views were redrawn, how far behind the mouse they were, and how long after the release
 * every view showed the final stop.
 */
final class WindowTiming {
    static final boolean ON = Boolean.getBoolean("backstep.timing");
    private static final int STEPS = Integer.getInteger("backstep.timing.steps", 0);
    private static final int SCRUB_SECONDS = Integer.getInteger("backstep.timing.scrub", 0);

    private final MainWindow window;
    private final Scene scene;
    private final List<Long> latencies = new ArrayList<>();
    private boolean firstStopSeen;
    private long issuedAt;

    private WindowTiming(MainWindow window, Scene scene) {
        this.window = window;
        this.scene = scene;
    }

    static void mark(String what) {
        if (ON) System.err.printf("timing: %-22s %,7d ms after JVM start%n", what, System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Starts measuring {@code window} if timing is on. */
    static void attach(MainWindow window, Scene scene) {
        if (!ON) return;
        WindowTiming t = new WindowTiming(window, scene);
        window.session().snapshotProperty().addListener((o, a, s) -> {
            if (s != null) t.drawn();
        });
    }

    /** A stop was published: it is on screen after the next layout pulse. */
    private void drawn() {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            // Let the pulse finish painting before the next command.
            Platform.runLater(this::afterDraw);
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    private void afterDraw() {
        if (!firstStopSeen) {
            firstStopSeen = true;
            mark("first stop drawn");
            if (STEPS > 0) next();
            else if (SCRUB_SECONDS > 0) scrub();
            return;
        }
        if (issuedAt == 0) return;
        latencies.add(System.nanoTime() - issuedAt);
        issuedAt = 0;
        if (latencies.size() < STEPS) {
            next();
        } else {
            report();
            Platform.exit();
        }
    }

    /** What one layout pulse showed during a drag: when, the knob's step, the views' step, the step every view shows (-1 for none). */
    private record Frame(long at, long knob, long shown, long full) {
    }

    /**
     * Drags the timeline knob with the real mouse: xdotool presses it at 5 % of the recording, moves
     * it to 95 % at 60 positions a second for {@code SCRUB_SECONDS}, and releases it. Every layout pulse
     * meanwhile is noted; once all views show the stop at the release, the figures are printed.
     */
    private void scrub() {
        TimelineBar bar = (TimelineBar) scene.lookup("#timeline");
        long end = window.session().snapshot().endStep();
        javafx.geometry.Bounds b = bar.localToScreen(bar.getBoundsInLocal());
        double x0 = bar.xOf(end / 20);
        double x1 = bar.xOf(end - end / 20);
        long y = Math.round(b.getMinY() + b.getHeight() / 2);
        int moves = SCRUB_SECONDS * 60;
        List<String> cmd = new ArrayList<>(List.of("xdotool", "mousemove", Long.toString(Math.round(b.getMinX() + x0)), Long.toString(y),
            "mousedown", "1", "sleep", "0.2"));
        for (int i = 1; i <= moves; i++) {
            cmd.addAll(List.of("mousemove", Long.toString(Math.round(b.getMinX() + x0 + (x1 - x0) * i / moves)), Long.toString(y),
                "sleep", String.format(java.util.Locale.ROOT, "%.4f", 1.0 / 60)));
        }
        cmd.addAll(List.of("mouseup", "1"));
        List<Frame> frames = new ArrayList<>();
        bar.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_DRAGGED, e -> drags[0]++);
        long[] dragEnd = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            StopState shown = window.session().snapshot();
            StopState full = window.fullyShown();
            long now = System.nanoTime();
            frames.add(new Frame(now, bar.knobStep(), shown == null ? -1 : shown.step(), full == null ? -1 : full.step()));
            if (dragEnd[0] != 0 && full != null && full.step() == bar.knobStep() && !window.session().scrubPending()) {
                scene.removePostLayoutPulseListener(listener[0]);
                reportScrub(bar, end, frames, x0, x1, dragEnd[0]);
                Platform.exit();
            } else {
                Platform.requestNextPulse(); // keep pulsing so that no frame goes unnoted
            }
        };
        long launched = System.nanoTime();
        Thread driver = new Thread(() -> {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getInputStream().transferTo(System.err);
                int rc = p.waitFor();
                long released = System.nanoTime();
                if (rc != 0) {
                    System.err.println("timing: xdotool failed (exit " + rc + ")");
                    Platform.exit();
                }
                Platform.runLater(() -> dragEnd[0] = released);
            } catch (java.io.IOException | InterruptedException e) {
                System.err.println("timing: cannot drag the knob: xdotool is needed (" + e.getMessage() + ")");
                Platform.exit();
            }
        }, "backstep-timing-drag");
        driver.setDaemon(true);
        scene.addPostLayoutPulseListener(listener[0]);
        dragStart = launched + 200_000_000L;
        driver.start();
        Platform.requestNextPulse();
    }

    /** When the mouse starts moving (xdotool's press and pause behind it); nanoTime. */
    private long dragStart;
    private final int[] drags = {0};

    private void reportScrub(TimelineBar bar, long end, List<Frame> frames, double x0, double x1, long released) {
        double duration = (released - dragStart) / 1e9;
        // When the mouse was over a step: the mouse moves at a constant speed from x0 to x1.
        java.util.function.LongToDoubleFunction mouseAt = st -> (dragStart + (released - dragStart) * (bar.xOf(st) - x0) / (x1 - x0)) / 1e6;
        List<Double> knobLag = new ArrayList<>();
        List<Double> viewLag = new ArrayList<>();
        int knobMoves = 0;
        int viewMoves = 0;
        int backwards = 0;
        long knob = -1;
        long shown = -1;
        long settled = 0;
        for (Frame f : frames) {
            boolean during = f.at() >= dragStart && f.at() <= released;
            if (f.knob() != knob && during) {
                knobMoves++;
                knobLag.add(f.at() / 1e6 - mouseAt.applyAsDouble(f.knob()));
            }
            if (f.shown() != shown && shown >= 0) {
                if (f.shown() < shown) backwards++;
                if (during) {
                    viewMoves++;
                    viewLag.add(f.at() / 1e6 - mouseAt.applyAsDouble(f.shown()));
                }
            }
            knob = f.knob();
            shown = f.shown();
            if (settled == 0 && f.at() > released && f.full() == f.knob()) settled = f.at();
        }
        Collections.sort(knobLag);
        Collections.sort(viewLag);
        System.err.printf("timing: dragged the knob over %,d of %,d steps in %.1f s (xdotool, 60 moves/s)%n", end - end / 10, end, duration);
        System.err.printf("timing: knob redrawn %.1f times/s, behind the mouse by median %.0f ms, p90 %.0f ms%n",
            knobMoves / duration, pct(knobLag, 0.5), pct(knobLag, 0.9));
        System.err.printf("timing: views showed %.1f stops/s, behind the mouse by median %.0f ms, p90 %.0f ms; %d went backwards%n",
            viewMoves / duration, pct(viewLag, 0.5), pct(viewLag, 0.9), backwards);
        System.err.printf("timing: %d layout pulses, %d mouse drag events handled%n", frames.size(), drags[0]);
        System.err.printf("timing: all views at the final stop %.0f ms after the release%n", (settled - released) / 1e6);
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }

    private void next() {
        issuedAt = System.nanoTime();
        window.commands().get("step-into").run();
    }

    private void report() {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.err.printf("timing: %d steps rendered: median %.1f ms, p90 %.1f ms, max %.1f ms%n", sorted.size(),
            sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
