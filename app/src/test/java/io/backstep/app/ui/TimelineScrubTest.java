package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.TimelineBar;
import io.backstep.app.ui.view.VariablesView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Dragging the timeline knob (issue 12, defect 6): positions are coalesced, a stop never replaces a
 * newer one, the knob stays under the mouse, and every view (also those left behind during the drag)
 * ends at the stop the knob rests on or was released at.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineScrubTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    @Test
    void draggingTheKnobEndsWithEveryViewAtTheStopUnderIt(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        StopState start = d.openSample("corruption");
        List<Long> shown = Collections.synchronizedList(new ArrayList<>());
        robot.interact(() -> window.session().snapshotProperty().addListener((o, a, s) -> {
            if (s != null) shown.add(s.step());
        }));
        TimelineBar bar = Controls.timelineBar();
        Bounds b = bar.localToScreen(bar.getBoundsInLocal());
        long end = start.endStep();
        double x0 = bar.xOf(end / 10);
        double x1 = bar.xOf(end * 6 / 10);
        double x2 = bar.xOf(end * 9 / 10);
        double y = b.getCenterY();

        robot.moveTo(new Point2D(b.getMinX() + x0, y));
        robot.press(MouseButton.PRIMARY);
        for (int i = 1; i <= 30; i++) robot.moveTo(new Point2D(b.getMinX() + x0 + (x1 - x0) * i / 30, y));
        long resting = bar.knobStep();
        assertUnderMouse(bar, x1, resting, "while it is held");
        // Held still: the views that wait during a drag catch up with the stop the knob rests on.
        StopState atRest = d.waitFor(s -> s.step() == resting);
        assertViewsShow(atRest, "while the knob rests");

        for (int i = 1; i <= 30; i++) robot.moveTo(new Point2D(b.getMinX() + x1 + (x2 - x1) * i / 30, y));
        long released = bar.knobStep();
        robot.release(MouseButton.PRIMARY);
        StopState last = d.waitFor(s -> s.step() == released);
        assertUnderMouse(bar, x2, released, "where the mouse let go");
        assertViewsShow(last, "after the release");

        // The drag only went forward, so a stop shown after a newer one would be a step backwards.
        List<Long> seen = List.copyOf(shown);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "stops shown in the order dragged: " + seen);
        }
        assertEquals(released, (long) seen.get(seen.size() - 1));
    }

    /** Requests faster than the timeline seeks: only newer ones are shown, ending with the last one. */
    @Test
    void aBurstOfPositionsShowsOnlyNewerOnesEndingWithTheLast(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        StopState start = d.openSample("corruption");
        List<Long> requested = new ArrayList<>();
        for (int i = 0; i < 200; i++) requested.add(start.endStep() - 1 - i * 4000L); // backwards: order is not step order
        List<Long> shown = Collections.synchronizedList(new ArrayList<>());
        robot.interact(() -> {
            window.session().snapshotProperty().addListener((o, a, s) -> {
                if (s != null) shown.add(s.step());
            });
            for (long step : requested) window.session().scrubTo(step);
        });
        long last = requested.get(requested.size() - 1);
        d.waitFor(s -> s.step() == last && !window.session().scrubPending());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !window.session().scrubPending());
        List<Long> seen = List.copyOf(shown);
        int previous = -1;
        for (long step : seen) {
            int index = requested.indexOf(step);
            assertTrue(index > previous, "only requested positions, each newer than the one before: " + seen);
            previous = index;
        }
        assertEquals(last, (long) seen.get(seen.size() - 1));
        assertTrue(seen.size() < requested.size(), "positions asked for while a seek ran were coalesced: " + seen.size());
        assertViewsShow(window.session().snapshot(), "after the burst");
    }

    /** The knob's {@code step} is the one under x {@code x} of the bar (to the pixel: the robot moves by whole screen pixels). */
    private static void assertUnderMouse(TimelineBar bar, double x, long step, String when) {
        long perPixel = bar.stepAt(x + 1) - bar.stepAt(x);
        assertTrue(Math.abs(step - bar.stepAt(x)) <= perPixel, "the knob is under the mouse " + when + ": step " + step
            + ", mouse at step " + bar.stepAt(x));
    }

    /**
     * Every view shows stop {@code s} (step counter, knob, code line, call stack, locals, globals,
     * console), within 10 s: the views left behind during a drag catch up {@link StopPresenter#SETTLE} later.
     */
    private void assertViewsShow(StopState s, String when) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> values(StopPresenter.localRows(s.top())).equals(values(Controls.localsView().getItems()))
                && s.console().equals(Controls.consoleView().getText()));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertions below say which view is behind
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(String.format("Step %,d / %,d", s.step(), s.endStep()), Controls.stepLabel().getText(), when);
        assertEquals(s.step(), Controls.timelineBar().knobStep(), when);
        assertEquals(Controls.codeView().wat().lineAtOrBefore(s.top().wasmOffset()), Controls.codeView().currentLine(), when);
        assertEquals(s.top(), Controls.callStack().getItems().get(0).frame(), when);
        assertEquals(values(StopPresenter.localRows(s.top())), values(Controls.localsView().getItems()), when);
        assertEquals(values(StopPresenter.globalRows(s, true)), values(Controls.globalsView().getItems()), when);
        assertEquals(s.console(), Controls.consoleView().getText(), when);
    }

    private static List<String> values(List<VariablesView.Row> rows) {
        List<String> out = new ArrayList<>();
        for (VariablesView.Row r : rows) out.add(r.key() + "=" + r.value());
        return out;
    }
}
