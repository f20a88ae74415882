package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.timeline.Breakpoint;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.ContextMenuEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The WebAssembly view's context menu acts on the line right-clicked, as the menu's commands do on the caret. */
@ExtendWith(ApplicationExtension.class)
class CodeContextMenuTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    /** A point in the code (not the gutter) of {@code line}, which must be in view. */
    private static Point2D codeOf(int line) {
        Bounds b = Controls.codeView().area().characterBoundsOnScreen(line, 0, 1)
                .orElseThrow(() -> new AssertionError("line " + line + " is not in view"));
        return new Point2D(b.getCenterX() + 40, b.getCenterY());
    }

    /**
     * A right click at {@code p}: the press puts the caret on the line, and the context-menu request
     * follows. Headless Monocle does not turn a robot's right click into that request (a real display
     * does), so the test sends it as the platform would.
     */
    private static void rightClick(FxRobot robot, Point2D p) {
        robot.rightClickOn(p);
        var area = Controls.codeView().area();
        robot.interact(() -> {
            Point2D local = area.screenToLocal(p);
            area.fireEvent(new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(), local.getY(),
                    p.getX(), p.getY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void runToCursorAndToggleBreakpointFromTheContextMenuUseTheLineRightClicked(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int fn = d.showFunction("fill_scores");
        WatText wat = Controls.codeView().wat();
        int target = Controls.instructionLine(wat, fn, 3);
        int offset = wat.offsetAt(target);

        rightClick(robot, codeOf(target));
        robot.clickOn("Run to Cursor");
        StopState at = d.waitFor(s -> s.top() != null && s.top().wasmOffset() == offset);
        assertEquals(fn, at.top().functionIndex());
        assertTrue(at.step() > 0, "ran forward to it");

        int other = Controls.instructionLine(wat, fn, 5);
        rightClick(robot, codeOf(other));
        robot.clickOn("Toggle Breakpoint at Cursor");
        StopState withBreakpoint = d.waitFor(s -> s.breakpoints().size() == 1);
        Breakpoint b = withBreakpoint.breakpoints().get(0);
        assertEquals(wat.offsetAt(other), b.wasmOffset(), "the breakpoint is on the line right-clicked, not where the stop is");
    }
}
