package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.state.MachineState;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The trap banner of a trapping recording is there at every step, so the panes never move. */
@ExtendWith(ApplicationExtension.class)
class TrapBannerTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    private double codeTop() {
        return Controls.codeView().localToScene(Controls.codeView().getBoundsInLocal()).getMinY();
    }

    private String bannerText(FxRobot robot) {
        return robot.lookup("#trap-text").queryAs(Label.class).getText();
    }

    @Test
    void panesStayPutFromStartToTrapAndBack(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        StopState start = d.openSample("corruption");
        assertTrue(robot.lookup("#trap-text").query().isVisible());
        assertEquals(String.format("The program traps at step %,d: out of bounds memory access", start.endStep()), bannerText(robot));
        double top = codeTop();

        robot.push(KeyCode.F5);
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals(String.format("Trap: out of bounds memory access   (step %,d)", trap.endStep()), bannerText(robot));
        assertEquals(top, codeTop());

        robot.push(KeyCode.CONTROL, KeyCode.F11);
        d.waitFor(s -> s.step() == trap.step() - 1);
        assertTrue(bannerText(robot).startsWith("The program traps at step"));
        assertEquals(top, codeTop());

        robot.clickOn("#go-to-trap");
        assertEquals(trap.step(), d.waitFor(s -> s.status() == MachineState.Status.TRAPPED).step());
        assertEquals(top, codeTop());
    }

    @Test
    void aRecordingWithoutTrapHasNoBanner(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("hello");
        assertFalse(Controls.trapBanner().isVisible());
        robot.push(KeyCode.F5);
        d.waitFor(s -> s.step() == s.endStep());
        assertFalse(Controls.trapBanner().isVisible());
    }
}
