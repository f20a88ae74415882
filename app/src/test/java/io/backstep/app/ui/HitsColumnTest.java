package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.timeline.Stop;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Hits column counts the hit the window is stopped on: a breakpoint's hits and a memory
 * watchpoint's writes up to and including the current step.
 */
@ExtendWith(ApplicationExtension.class)
class HitsColumnTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    private String hitsShown(int row) {
        return (String) Controls.breakpointsView().table().getColumns().get(4).getCellObservableValue(row).getValue();
    }


    @Test
    void breakpointStoppedOnCountsItsHit(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int fn = d.functionIndex("fill_scores");
        WatText wat = Controls.codeView().wat();
        int line = wat.lineOfFunction(fn);
        while (!wat.line(line).strip().equals("i32.store")) line++;
        int offset = wat.offsetAt(line);
        robot.interact(() -> Controls.codeView().goToOffset(offset));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(Controls.gutterOf(Controls.codeView().area(), line));
        d.waitFor(s -> s.breakpoints().size() == 1);
        WindowDriver.selectTab(robot, "Breakpoints");
        assertEquals("0", hitsShown(0));

        robot.clickOn("#continue");
        StopState first = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals("1", hitsShown(0), "the hit the window stopped on counts");
        robot.clickOn("#continue");
        StopState second = d.waitFor(s -> s.step() > first.step() && s.stop() != null);
        assertEquals(Stop.Reason.BREAKPOINT, second.stop().reason());
        assertEquals("2", hitsShown(0));
        robot.clickOn("#step-back");
        d.waitFor(s -> s.step() == second.step() - 1);
        assertEquals("1", hitsShown(0), "one step before the second hit");
    }

    @Test
    void memoryWatchpointCountsTheWritesSoFar(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.TRAP);

        WindowDriver.addMemoryWatch(robot, "0xfd0");
        d.waitFor(s -> s.watchpoints().size() == 1);
        // board.leader is written twice: by main (pick_leader's result) and by fill_scores' bad store.
        assertEquals("2", hitsShown(0));

        robot.clickOn("#reverse-continue");
        StopState bad = d.waitFor(s -> s.step() < trap.step() && s.stop() != null);
        assertEquals(Stop.Reason.WATCHPOINT, bad.stop().reason());
        assertEquals("fill_scores", bad.top().functionName());
        assertEquals("2", hitsShown(0), "the write the window stopped at counts");

        robot.clickOn("#reverse-continue");
        StopState set = d.waitFor(s -> s.step() < bad.step() && s.stop() != null);
        assertEquals(Stop.Reason.WATCHPOINT, set.stop().reason());
        assertEquals("1", hitsShown(0));

        robot.clickOn("#step-back");
        d.waitFor(s -> s.step() == set.step() - 1);
        assertEquals("0", hitsShown(0));
    }
}
