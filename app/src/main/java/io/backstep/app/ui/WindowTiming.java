package io.backstep.app.ui;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Measures the window for the benchmark (docs/benchmarks.md): with {@code -Dbackstep.timing=true} it
 * prints, to stderr, when the window appeared and when the first stop was drawn (ms since the JVM
 * started); with {@code -Dbackstep.timing.steps=N} it then steps into N times, one after the other,
 * prints the step-to-render latencies (command issued → the stop drawn) and quits; with
 * {@code -Dbackstep.timing.scrub=S} it drags the timeline knob across the whole recording for S
 * seconds at 60 mouse events a second and prints how many stops the views showed per second.
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

    private void scrub() {
        long end = window.session().snapshot().endStep();
        long[] shown = {0};
        long startedAt = System.nanoTime();
        window.session().snapshotProperty().addListener((o, a, st) -> shown[0]++);
        new javafx.animation.AnimationTimer() {
            private long lastEvent;

            @Override
            public void handle(long now) {
                double f = (now - startedAt) / (SCRUB_SECONDS * 1e9);
                if (f >= 1) {
                    stop();
                    System.err.printf("timing: scrubbed %,d steps for %d s: %d stops shown, %.1f per second%n",
                        end, SCRUB_SECONDS, shown[0], shown[0] / (double) SCRUB_SECONDS);
                    Platform.exit();
                    return;
                }
                if (now - lastEvent < 16_000_000L) return;
                lastEvent = now;
                window.session().scrubTo((long) (f * end));
            }
        }.start();
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
