package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The code view never shows another location than the call stack: at the moment a stop is
 * published, both already show its top frame (the code view is updated first, in the same pulse).
 */
@ExtendWith(ApplicationExtension.class)
class CodeViewFollowsStopTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    @Test
    void everyPublishedStopIsShownByCodeViewAndCallStackAlike(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        List<String> mismatches = new ArrayList<>();
        int[] checked = {0};
        // Added after the window's own listener, so it runs once the views were given the stop.
        robot.interact(() -> window.session().snapshotProperty().addListener((o, a, s) -> {
            if (s == null || s.top() == null) return;
            checked[0]++;
            FrameInfo top = s.top();
            WatText wat = Controls.codeView().wat();
            int line = Controls.codeView().currentLine();
            FrameInfo shownTop = Controls.callStack().getItems().get(0).frame();
            if (line < 0 || wat.functionAt(line) != top.functionIndex() || line != wat.lineAtOrBefore(top.wasmOffset())
                    || shownTop.functionIndex() != top.functionIndex()) {
                mismatches.add("step " + s.step() + ": code line " + line + " stack " + shownTop.functionName() + " top " + top.functionName());
            }
        }));
        // Into calls and out again, then to the trap and back: each stop is in another place.
        for (KeyCode k : List.of(KeyCode.F11, KeyCode.F11, KeyCode.F11, KeyCode.F10, KeyCode.F10)) {
            long before = window.session().snapshot().step();
            robot.push(k);
            d.waitFor(s -> s.step() != before);
        }
        robot.push(KeyCode.F5);
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F11);
        d.waitFor(s -> s.step() < trap.step());
        robot.push(KeyCode.CONTROL, KeyCode.HOME);
        d.waitFor(s -> s.step() == 0);
        assertTrue(checked[0] >= 8, "stops checked: " + checked[0]);
        assertEquals(List.of(), mismatches);
    }
}
