package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The dark theme is remembered: a window opened later (a restart) starts in the theme the last one was left in. */
@ExtendWith(ApplicationExtension.class)
class ThemeSettingTest {
    private final MemoryPreferences settings = new MemoryPreferences();
    private Stage later;

    @Start
    void start(Stage stage) {
        new MainWindow(stage, Recorders.factory(), settings).showWindow();
    }

    @AfterEach
    void closeLater(FxRobot robot) {
        if (later != null) robot.interact(later::close);
    }

    private MainWindow restart(FxRobot robot) {
        MainWindow[] w = new MainWindow[1];
        robot.interact(() -> {
            if (later != null) later.close();
            later = new Stage();
            w[0] = new MainWindow(later, Recorders.factory(), settings);
            w[0].showWindow();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return w[0];
    }

    @Test
    void darkThemeSurvivesARestart(FxRobot robot) {
        assertTrue(robot.lookup(".backstep.light").tryQuery().isPresent());
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".backstep.dark").tryQuery().isPresent(), "one key press toggles once");

        MainWindow second = restart(robot);
        assertTrue(later.getScene().getRoot().getStyleClass().contains("dark"));

        robot.clickOn(robot.from(later.getScene().getRoot()).lookup("#toggle-dark-theme").queryButton());
        assertFalse(later.getScene().getRoot().getStyleClass().contains("dark"));
        MainWindow third = restart(robot);
        assertTrue(later.getScene().getRoot().getStyleClass().contains("light"));
    }
}
