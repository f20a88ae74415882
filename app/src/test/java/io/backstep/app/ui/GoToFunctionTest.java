package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.WatText;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Go to Function (Ctrl+P) filters bigprog's 1,600 functions as you type. */
@ExtendWith(ApplicationExtension.class)
class GoToFunctionTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, FakeTimeline.factory(), new MemoryPreferences());
        window.showWindow();
    }

    private int index(String name) {
        WasmModule m = window.session().loaded().timeline().module().module();
        for (int i = 0; i < m.functionCount(); i++) if (name.equals(m.functionName(i))) return i;
        throw new AssertionError(name);
    }

    @SuppressWarnings("unchecked")
    private ListView<GoToFunctionDialog.Entry> list(FxRobot robot) {
        return robot.lookup("#function-list").queryAs(ListView.class);
    }

    @Test
    void typingFiltersAndEnterGoesToTheChosenFunction(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("bigprog"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.session().snapshot() != null);
        WaitForAsyncUtils.waitForFxEvents();
        WatText wat = Controls.codeView().wat();

        robot.push(KeyCode.CONTROL, KeyCode.P);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#function-filter").tryQuery().isPresent());
        assertTrue(list(robot).getItems().size() >= 1600, "all functions before typing: " + list(robot).getItems().size());
        // Monocle gives a new window the keyboard only once clicked (a desktop focuses the field at once).
        robot.clickOn("#function-filter").write("f159");
        WaitForAsyncUtils.waitForFxEvents();
        // f159 and f1590 … f1599
        assertEquals(11, list(robot).getItems().size(), "filter: '" + robot.lookup("#function-filter").queryTextInputControl().getText() + "'");
        assertEquals("f159", list(robot).getSelectionModel().getSelectedItem().name(), "the exact name is chosen first");
        robot.push(KeyCode.DOWN).push(KeyCode.DOWN);
        assertEquals("f1591", list(robot).getSelectionModel().getSelectedItem().name());
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#function-filter").tryQuery().isEmpty(), "the dialog closed");
        assertEquals(wat.lineOfFunction(index("f1591")), Controls.codeView().caretLine());

        // Nothing matches: Go is disabled, Escape leaves the view where it was.
        robot.push(KeyCode.CONTROL, KeyCode.P);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#function-filter").tryQuery().isPresent());
        robot.clickOn("#function-filter").write("no such function");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(list(robot).getItems().isEmpty());
        javafx.scene.Node pane = robot.lookup("#function-filter").query().getScene().getRoot();
        assertTrue(robot.from(pane).lookup(".button").match((javafx.scene.control.Button b) -> "Go".equals(b.getText())).queryButton().isDisabled(),
            "Go is disabled; selected " + list(robot).getSelectionModel().getSelectedItem() + " / " + list(robot).getSelectionModel().getSelectedIndex());
        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(wat.lineOfFunction(index("f1591")), Controls.codeView().caretLine());
    }
}
