package io.backstep.app.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The canvas's looks come from the style sheet, and a theme switch resolves new ones and asks for a repaint. */
@ExtendWith(ApplicationExtension.class)
class CodePaletteTest {
    private static final String CSS = ".theme { -kw: #ff0000; -band: #00ff00; } .theme.dark { -kw: #0000ff; -band: #ffff00; }"
            + ".wat .keyword { -fx-fill: -kw; } .wat .current-line { -fx-background-color: -band; }";

    private StackPane root;
    private CodePalette palette;
    private int repaints;

    @Start
    void start(Stage stage) {
        palette = new CodePalette(() -> repaints++);
        root = new StackPane(palette.root);
        root.getStyleClass().addAll("theme", "wat");
        Scene scene = new Scene(root, 100, 100);
        scene.getStylesheets().add("data:text/css;base64," + Base64.getEncoder().encodeToString(CSS.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aThemeSwitchResolvesNewLooksAndAsksForARepaint(FxRobot robot) {
        Paint[] light = new Paint[2];
        Paint[] dark = new Paint[2];
        int[] repaintsBefore = new int[1];
        robot.interact(() -> {
            root.applyCss();
            light[0] = palette.token("keyword").getFill();
            light[1] = palette.background(palette.currentBand);
            repaintsBefore[0] = repaints;
            root.getStyleClass().add("dark");
            root.applyCss();
            dark[0] = palette.token("keyword").getFill();
            dark[1] = palette.background(palette.currentBand);
        });
        assertEquals(Color.RED, light[0]);
        assertEquals(Color.LIME, light[1]);
        assertEquals(Color.BLUE, dark[0]);
        assertEquals(Color.YELLOW, dark[1]);
        assertTrue(repaints > repaintsBefore[0], "the switch asks for a repaint");
    }
}
