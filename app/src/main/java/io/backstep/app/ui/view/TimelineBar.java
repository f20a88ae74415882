package io.backstep.app.ui.view;

import io.backstep.recorder.timeline.Marker;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A scrubber across the whole recording: markers (WASI I/O, output, traps, exit, breakpoint hits) and
 * the current position. Dragging seeks live; the wheel (or the zoom methods) zooms around the pointer.
 */
public final class TimelineBar extends Region {
    private final Canvas canvas = new Canvas();
    private long end;
    private long current;
    private long viewStart;
    private long viewEnd;
    private List<Marker> markers = List.of();
    private List<Long> hits = List.of();
    private LongConsumer onSeek = s -> { };
    private boolean dark;
    /** While the mouse drags the knob, the knob follows the mouse, not the (slower) stops shown behind it. */
    private final ReadOnlyBooleanWrapper dragging = new ReadOnlyBooleanWrapper(this, "dragging");
    private final Tooltip tip = new Tooltip();

    public TimelineBar() {
        getStyleClass().add("timeline-bar");
        getChildren().add(canvas);
        setMinHeight(44);
        setPrefHeight(44);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::drag);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragging.set(false));
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            if (end > 0) tip.setText("step " + stepAt(e.getX()));
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0 || end <= 0) return;
            zoomAround(stepAt(e.getX()), e.getDeltaY() > 0 ? 0.5 : 2.0);
        });
        Tooltip.install(canvas, tip);
    }

    public void setOnSeek(LongConsumer onSeek) {
        this.onSeek = onSeek;
    }

    /** True while the mouse button holds the knob (the window then renders only what is cheap to draw). */
    public ReadOnlyBooleanProperty draggingProperty() {
        return dragging.getReadOnlyProperty();
    }

    /** The step the knob stands at: the mouse's while dragging, else the stop shown. */
    public long knobStep() {
        return current;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    /** Shows a recording of {@code endStep} steps (0 = nothing loaded). */
    public void show(long endStep, long currentStep, List<Marker> markers, List<Long> hitSteps) {
        if (endStep != end) {
            end = endStep;
            viewStart = 0;
            viewEnd = endStep;
        }
        if (!dragging.get()) current = currentStep;
        this.markers = markers == null ? List.of() : markers;
        this.hits = hitSteps == null ? List.of() : hitSteps;
        draw();
    }

    public long viewStart() {
        return viewStart;
    }

    public long viewEnd() {
        return viewEnd;
    }

    /** Zooms by {@code factor} (0.5 = in) keeping {@code center} under the same pixel. */
    public void zoomAround(long center, double factor) {
        if (end <= 0) return;
        double span = Math.max(50, (viewEnd - viewStart) * factor);
        span = Math.min(span, end);
        double frac = viewEnd == viewStart ? 0.5 : (double) (center - viewStart) / (viewEnd - viewStart);
        long s = Math.round(center - frac * span);
        s = Math.max(0, Math.min(s, end - (long) span));
        viewStart = s;
        viewEnd = s + (long) span;
        draw();
    }

    public void zoomIn() {
        zoomAround(current, 0.5);
    }

    public void zoomOut() {
        zoomAround(current, 2.0);
    }

    public void zoomReset() {
        viewStart = 0;
        viewEnd = end;
        draw();
    }

    /** The step under pixel {@code x}. */
    public long stepAt(double x) {
        double w = Math.max(1, canvas.getWidth() - 16);
        double f = Math.max(0, Math.min(1, (x - 8) / w));
        return viewStart + Math.round(f * (viewEnd - viewStart));
    }

    /** The x of {@code step} in this bar's coordinates (inverse of {@link #stepAt}). */
    public double xOf(long step) {
        double w = Math.max(1, canvas.getWidth() - 16);
        return 8 + (viewEnd == viewStart ? 0 : (double) (step - viewStart) / (viewEnd - viewStart)) * w;
    }

    private void drag(MouseEvent e) {
        if (end <= 0 || !e.isPrimaryButtonDown()) return;
        long s = stepAt(e.getX());
        dragging.set(true);
        current = s;
        draw();
        onSeek.accept(s);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Color track = dark ? Color.web("#30363d") : Color.web("#d0d7de");
        Color text = dark ? Color.web("#8b949e") : Color.web("#57606a");
        g.setFill(track);
        g.fillRoundRect(8, h / 2 - 3, Math.max(0, w - 16), 6, 6, 6);
        if (end <= 0) return;
        for (Marker m : markers) {
            if (m.step() < viewStart || m.step() > viewEnd) continue;
            double x = xOf(m.step());
            switch (m.kind()) {
                case TRAP -> {
                    g.setFill(Color.web("#cf222e"));
                    g.fillRect(x - 1.5, 4, 3, h - 8);
                }
                case EXIT, END -> {
                    g.setFill(Color.web("#8250df"));
                    g.fillRect(x - 1, 6, 2, h - 12);
                }
                case OUTPUT -> {
                    g.setFill(Color.web("#1a7f37"));
                    g.fillRect(x - 0.5, h / 2 - 10, 1.5, 7);
                }
                default -> {
                    g.setFill(Color.web("#0969da", 0.7));
                    g.fillRect(x - 0.5, h / 2 + 3, 1.5, 7);
                }
            }
        }
        g.setFill(Color.web("#bf8700"));
        for (long s : hits) {
            if (s < viewStart || s > viewEnd) continue;
            double x = xOf(s);
            g.fillPolygon(new double[] {x - 4, x + 4, x}, new double[] {4, 4, 10}, 3);
        }
        if (current >= viewStart && current <= viewEnd) {
            double x = xOf(current);
            g.setFill(Color.web("#0969da"));
            g.fillRect(x - 1, 2, 2, h - 4);
            g.fillOval(x - 6, h / 2 - 6, 12, 12);
            g.setFill(Color.WHITE);
            g.fillOval(x - 3, h / 2 - 3, 6, 6);
        }
        g.setFill(text);
        g.setFont(javafx.scene.text.Font.font(10));
        g.fillText(Long.toString(viewStart), 8, h - 2);
        String right = Long.toString(viewEnd);
        g.fillText(right, Math.max(8, w - 8 - right.length() * 6), h - 2);
    }
}
