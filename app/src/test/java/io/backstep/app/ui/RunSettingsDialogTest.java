package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The run configuration dialog shows its labels in full and keeps a bad entry open with the reason. */
@ExtendWith(ApplicationExtension.class)
class RunSettingsDialogTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, FakeTimeline.factory(), new MemoryPreferences());
        window.showWindow();
    }

    @Test
    void labelsAreNotCutAndABadEntryIsExplained(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("trap"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.session().snapshot() != null);
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#run-env").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").match((DialogPane p) -> p.lookup("#run-env") != null).query();
        for (String name : new String[] {"Arguments", "Environment", "Directories"}) {
            Label label = robot.from(pane).lookup(".label").match((Label l) -> name.equals(l.getText())).query();
            // The skin draws the (possibly clipped) text in a Text node: "Envir…" when cut.
            assertEquals(name, ((Text) label.lookup(".text")).getText(), name + " is shown in full");
        }

        robot.clickOn("#run-env").write("FOO");
        robot.clickOn(robot.from(pane).lookup(".button").match((Button b) -> "Record".equals(b.getText())).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#run-config-problem").queryAs(Label.class);
        assertTrue(problem.isManaged() && problem.getText().contains("'FOO' is not NAME=VALUE"), problem.getText());
        assertTrue(pane.getScene().getWindow().isShowing(), "the dialog stays open with what was typed");
        robot.clickOn(robot.from(pane).lookup(".button").match((Button b) -> "Cancel".equals(b.getText())).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#run-env").tryQuery().isEmpty());
    }
}
