package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.state.MachineState;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The console keeps the latest output of the current step in view. */
@ExtendWith(ApplicationExtension.class)
class ConsoleScrollTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }


    private void assertShowsTheEnd(FxRobot robot) {
        ScrollPane sp = robot.from(Controls.consoleView()).lookup(".scroll-pane").queryAs(ScrollPane.class);
        double content = sp.getContent().getLayoutBounds().getHeight();
        double viewport = sp.getViewportBounds().getHeight();
        assertTrue(content > viewport + 20, "the output is taller than the console: " + content + " vs " + viewport);
        assertEquals(sp.getVmax(), sp.getVvalue(), 1e-9, "scrolled to the end");
    }

    @Test
    void outputAtTheTrapIsScrolledToItsEnd(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        robot.push(KeyCode.F5);
        d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertTrue(Controls.consoleView().getText().endsWith("Hollis  skill 14  wins 1243  points  3821\n"));
        assertShowsTheEnd(robot);

        // Output that arrives while another tab is in front is at its end when the console comes back.
        robot.push(KeyCode.CONTROL, KeyCode.HOME);
        d.waitFor(s -> s.step() == 0);
        WindowDriver.selectTab(robot, "Memory");
        robot.push(KeyCode.CONTROL, KeyCode.END);
        d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        WindowDriver.selectTab(robot, "Console");
        assertShowsTheEnd(robot);
    }
}
