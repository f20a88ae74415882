package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.BundledSamples;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every view shows a sensible empty state with nothing loaded, fills on load, and empties again on close. */
@ExtendWith(ApplicationExtension.class)
class EmptyStateTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, FakeTimeline.factory());
        window.showWindow();
    }

    private void assertEmpty(FxRobot robot) {
        assertTrue(Controls.codeView().wat() == null);
        assertTrue(robot.lookup(".code-view .placeholder").queryLabeled().isVisible());
        assertTrue(Controls.callStack().getItems().isEmpty());
        assertTrue(Controls.localsView().getItems().isEmpty());
        assertTrue(Controls.operandsView().getItems().isEmpty());
        assertTrue(Controls.globalsView().getItems().isEmpty());
        assertTrue(Controls.tablesView().getItems().isEmpty());
        assertTrue(Controls.memoryView().rowList().getItems().isEmpty());
        assertTrue(Controls.memoryView().whoWroteButton().isDisabled());
        assertEquals("", Controls.consoleView().getText());
        assertTrue(Controls.breakpointsView().table().getItems().isEmpty());
        assertFalse(Controls.trapBanner().isVisible());
        Node cont = robot.lookup("#continue").query();
        assertTrue(cont.isDisabled(), "commands are disabled without a recording");
        assertTrue(Controls.statusBar().getText().startsWith("No recording"));
    }

    @Test
    void viewsHandleUnloadedState(FxRobot robot) throws Exception {
        assertEmpty(robot);
        // Keyboard commands and timeline drags on an empty window do nothing (and do not throw).
        robot.type(javafx.scene.input.KeyCode.F10);
        robot.type(javafx.scene.input.KeyCode.F5);
        robot.drag(Controls.timelineBar()).dropBy(40, 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEmpty(robot);

        robot.interact(() -> window.openFile(Path.of("../samples/trap.wasm")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().snapshot() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Controls.callStack().getItems().isEmpty());
        assertEquals("counter", Controls.localsView().getItems().get(0).name());
        assertEquals("out 0\n", Controls.consoleView().getText());
        assertTrue(Controls.codeView().currentLine() >= 0);
        assertFalse(robot.lookup("#continue").query().isDisabled());

        robot.interact(() -> window.session().unload());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().loaded() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEmpty(robot);
        assertTrue(BundledSamples.find("corruption") != null);
    }
}
