package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.timeline.Breakpoint;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

    /** The gutter of the line showing {@code offset} (the line must be on screen). */
    private static javafx.geometry.Point2D gutter(FxRobot robot, int offset) {
        WatText wat = Controls.codeView().wat();
        return Controls.gutterOf(Controls.codeView().area(), wat.lineAtOrBefore(offset));
    }

    /** Whether the gutter of the line showing {@code offset} is painted with an enabled breakpoint. */
    private static boolean marked(int offset) {
        return "bp-on".equals(Controls.codeView().area().shownBreakpoint(Controls.codeView().wat().lineAtOrBefore(offset)));
    }

    @Test
    void settingBreakpointsInAnotherFunctionLeavesTheViewWhereItIs(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int fn = d.functionIndex("fill_scores");
        WatText wat = Controls.codeView().wat();
        assertTrue(wat.functionAt(Controls.codeView().currentLine()) != fn, "the current instruction is elsewhere");
        robot.interact(() -> Controls.codeView().goToFunction(fn));
        WaitForAsyncUtils.waitForFxEvents();
        int firstShown = Controls.codeView().area().firstVisibleLine();

        int first = wat.offsetAt(Controls.instructionLine(wat, fn, 1));
        robot.clickOn(gutter(robot, first));
        d.waitFor(s -> s.breakpoints().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(firstShown, Controls.codeView().area().firstVisibleLine(), "the view did not move");
        assertTrue(marked(first), "the marker just set is on screen");

        int second = wat.offsetAt(Controls.instructionLine(wat, fn, 4));
        robot.clickOn(gutter(robot, second));
        StopState two = d.waitFor(s -> s.breakpoints().size() == 2);
        assertEquals(Set.of(first, second), two.breakpoints().stream().map(Breakpoint::wasmOffset).collect(Collectors.toSet()));
        assertEquals(firstShown, Controls.codeView().area().firstVisibleLine());
        assertTrue(marked(first) && marked(second));
        assertEquals(2, Controls.breakpointsView().table().getItems().size());
    }


    /** Breakpoints tab → select the row → Condition… → type {@code text} over the old condition → Enter. */
    private void editCondition(FxRobot robot, int row, String text) {
        WindowDriver.selectTab(robot, "Breakpoints");
        robot.clickOn(robot.from(Controls.breakpointsView().table()).lookup(".table-row-cell")
            .match((TableRow<?> r) -> r.getIndex() == row && r.getItem() != null).queryAs(Node.class));
        robot.clickOn("#edit-condition");
        TextField field = robot.lookup(".text-input-dialog .text-field").queryAs(TextField.class);
        robot.clickOn(field).push(KeyCode.CONTROL, KeyCode.A).write(text).push(KeyCode.ENTER);
    }

    private String conditionShown(int row) {
        return (String) Controls.breakpointsView().table().getColumns().get(3).getCellObservableValue(row).getValue();
    }

    @Test
    void anInvalidConditionIsReportedAndTheBreakpointKeepsItsRealCondition(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int fn = d.showFunction("fill_scores");
        WatText wat = Controls.codeView().wat();
        int offset = wat.offsetAt(Controls.instructionLine(wat, fn, 2));
        int next = wat.offsetAt(Controls.instructionLine(wat, fn, 3));
        robot.clickOn(gutter(robot, offset));
        d.waitFor(s -> s.breakpoints().size() == 1);
        robot.clickOn(gutter(robot, next));
        d.waitFor(s -> s.breakpoints().size() == 2);

        editCondition(robot, 0, "$3 == 8");
        d.waitFor(s -> s.breakpoints().stream().anyMatch(b -> "$3 == 8".equals(b.condition())));
        assertEquals("$3 == 8", conditionShown(0), "the edited breakpoint keeps its row");
        assertEquals(offset, Controls.breakpointsView().table().getItems().get(0).breakpoint().wasmOffset());
        assertEquals(0, Controls.breakpointsView().table().getSelectionModel().getSelectedIndex(), "and stays selected");

        editCondition(robot, 0, "round == 35");
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
            () -> robot.lookup(".alert.error").tryQuery().isPresent());
        DialogPane alert = robot.lookup(".alert.error").queryAs(DialogPane.class);
        assertEquals("Invalid condition", alert.getHeaderText());
        assertTrue(alert.getContentText().contains("no variable 'round'"), alert.getContentText());
        assertTrue(alert.getContentText().contains("keeps its condition $3 == 8"), alert.getContentText());
        robot.clickOn(robot.from(alert).lookup(".button").queryAs(Node.class));

        StopState after = d.waitFor(s -> true);
        assertEquals(2, after.breakpoints().size());
        assertEquals("$3 == 8", after.breakpoints().stream().filter(b -> b.wasmOffset() == offset).findFirst().orElseThrow().condition());
        assertEquals("$3 == 8", conditionShown(0));
        assertTrue(marked(offset));

        // A later click elsewhere adds a breakpoint and leaves this one alone.
        int other = wat.offsetAt(Controls.instructionLine(wat, fn, 5));
        robot.clickOn(gutter(robot, other));
        StopState three = d.waitFor(s -> s.breakpoints().size() == 3);
        Breakpoint kept = three.breakpoints().stream().filter(b -> b.wasmOffset() == offset).findFirst().orElseThrow();
        assertEquals("$3 == 8", kept.condition());
        assertTrue(marked(offset) && marked(next) && marked(other));
    }
}
