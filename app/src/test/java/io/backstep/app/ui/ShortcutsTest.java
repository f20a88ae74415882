package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Ctrl+Home / Ctrl+End go to the start / end of the recording whatever has focus. */
@ExtendWith(ApplicationExtension.class)
class ShortcutsTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    @Test
    void startAndEndOfRecordingWorkFromTheCodeViewAndFromTables(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        StopState start = d.openSample("corruption");
        assertEquals(0, start.step());

        robot.clickOn(Controls.codeView().area());
        assertTrue(Controls.codeView().area().isFocused());
        robot.push(KeyCode.CONTROL, KeyCode.END);
        StopState end = d.waitFor(s -> s.step() == s.endStep());
        assertEquals(start.endStep(), end.step());

        Node globalRow = robot.from(Controls.globalsView()).lookup(".table-row-cell")
            .match((TableRow<?> r) -> r.getItem() != null).query();
        robot.clickOn(globalRow);
        assertTrue(Controls.globalsView().isFocused());
        robot.push(KeyCode.CONTROL, KeyCode.HOME);
        assertEquals(0, d.waitFor(s -> s.step() == 0).step());

        robot.clickOn(robot.from(Controls.callStack()).lookup(".list-cell").nth(0).queryAs(Node.class));
        assertTrue(Controls.callStack().isFocused());
        robot.push(KeyCode.CONTROL, KeyCode.END);
        assertEquals(start.endStep(), d.waitFor(s -> s.step() == s.endStep()).step());
    }
}
