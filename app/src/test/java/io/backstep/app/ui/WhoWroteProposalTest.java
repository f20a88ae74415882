package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Who wrote…" at a divide-by-zero proposes the memory the divisor was loaded from (there is no
 * address in the trap message), and answering it finds the store that zeroed it.
 */
@ExtendWith(ApplicationExtension.class)
class WhoWroteProposalTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    @Test
    void divideByZeroProposesTheDivisorsAddress(FxRobot robot, @TempDir Path dir) throws Exception {
        Path wasm = dir.resolve("divide.wasm");
        try (var in = WhoWroteProposalTest.class.getResourceAsStream("divide-by-loaded-zero.wasm")) {
            Files.write(wasm, in.readAllBytes());
        }
        WindowDriver d = new WindowDriver(window, robot);
        robot.interact(() -> window.openFile(wasm));
        d.waitFor(s -> true);
        robot.push(KeyCode.F5);
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals("integer divide by zero", trap.trapMessage());

        robot.clickOn("#who-wrote");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#who-wrote-address").tryQuery().isPresent());
        TextField proposal = robot.lookup("#who-wrote-address").queryAs(TextField.class);
        // i32.load offset=3456 from address 0: the divisor's 4 bytes.
        assertEquals("0xd80:4", proposal.getText());

        robot.push(KeyCode.ENTER);
        StopState write = d.waitFor(s -> s.step() < trap.step());
        assertEquals("fill", write.top().functionName());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Controls.statusBar().getText().startsWith("0xd80 was last written"));
        assertTrue(Controls.statusBar().getText().contains(" by fill "), Controls.statusBar().getText());
    }
}
