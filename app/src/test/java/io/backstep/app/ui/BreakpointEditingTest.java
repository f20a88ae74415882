package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.timeline.Breakpoint;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Setting breakpoints from the gutter and editing them from the Breakpoints tab, on the corruption sample. */
@ExtendWith(ApplicationExtension.class)
class BreakpointEditingTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    /** The gutter of the line showing {@code offset} (it exists only while the line is on screen). */
    private static HBox gutter(FxRobot robot, int offset) {
        String label = String.format("%06x", offset);
        return robot.lookup(".gutter").match((HBox h) -> h.getChildren().size() > 1
            && h.getChildren().get(1) instanceof Label l && label.equals(l.getText())).query();
    }

    private static boolean marked(HBox gutter) {
        return gutter.getChildren().get(0).getStyleClass().contains("bp-on");
    }

    /** The n-th instruction line of a function (0 = its first instruction). */
    private static int instructionLine(WatText wat, int fn, int n) {
        int line = wat.lineOfFunction(fn);
        for (int seen = -1; ; line++) {
            if (wat.offsetAt(line) >= 0 && ++seen == n) return line;
        }
    }

    @Test
    void settingBreakpointsInAnotherFunctionLeavesTheViewWhereItIs(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int fn = d.functionIndex("fill_scores");
        WatText wat = window.codeView().wat();
        assertTrue(wat.functionAt(window.codeView().currentLine()) != fn, "the current instruction is elsewhere");
        robot.interact(() -> window.codeView().goToFunction(fn));
        WaitForAsyncUtils.waitForFxEvents();
        int firstShown = window.codeView().area().firstVisibleParToAllParIndex();

        int first = wat.offsetAt(instructionLine(wat, fn, 1));
        robot.clickOn(gutter(robot, first));
        d.waitFor(s -> s.breakpoints().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(firstShown, window.codeView().area().firstVisibleParToAllParIndex(), "the view did not move");
        assertTrue(marked(gutter(robot, first)), "the marker just set is on screen");

        int second = wat.offsetAt(instructionLine(wat, fn, 4));
        robot.clickOn(gutter(robot, second));
        Snapshot two = d.waitFor(s -> s.breakpoints().size() == 2);
        assertEquals(Set.of(first, second), two.breakpoints().stream().map(Breakpoint::wasmOffset).collect(Collectors.toSet()));
        assertEquals(firstShown, window.codeView().area().firstVisibleParToAllParIndex());
        assertTrue(marked(gutter(robot, first)) && marked(gutter(robot, second)));
        assertEquals(2, window.breakpointsView().table().getItems().size());
    }
}
