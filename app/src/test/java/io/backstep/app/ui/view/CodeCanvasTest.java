package io.backstep.app.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The painted code text: visible range, gutter hit-testing, selection and copy, keys left to the window, colours from CSS. */
@ExtendWith(ApplicationExtension.class)
class CodeCanvasTest {
    private static final int LINES = 200;
    private CodeCanvas canvas;
    private StackPane root;
    private final List<Integer> clicked = new ArrayList<>();
    private final List<KeyCode> reachedWindow = new ArrayList<>();

    /** Line {@code i} reads "line i word"; "word" is styled "keyword". */
    private static final CodeCanvas.Lines TEXT = new CodeCanvas.Lines() {
        @Override
        public int count() {
            return LINES;
        }

        @Override
        public String text(int line) {
            return "line " + line + " word";
        }

        @Override
        public LineRuns runs(int line) {
            int before = ("line " + line + " ").length();
            return new LineRuns(new int[] {before, before + 4}, new String[] {null, "keyword"});
        }
    };

    /** A stage of this test's own: the shared primary one carries the handlers of windows earlier tests built. */
    private Stage own;

    @Start
    void start(Stage primary) {
        own = new Stage();
        canvas = new CodeCanvas();
        canvas.getStyleClass().add("wat");
        canvas.setGutter(l -> Integer.toString(l + 1), true, 34);
        canvas.setOnGutterClick(clicked::add);
        canvas.setLines(TEXT);
        root = new StackPane(canvas);
        root.getStyleClass().add("theme");
        root.setOnKeyPressed(e -> reachedWindow.add(e.getCode()));
        Scene scene = new Scene(root, 500, 300);
        String css = ".wat { -fx-background-color: white; -fx-font-size: 13px; }"
            + ".wat .text { -fx-fill: black; -fx-font-family: Monospaced; }"
            + ".theme { -kw: #ff0000; } .theme.dark { -kw: #0000ff; }"
            + ".wat .keyword { -fx-fill: -kw; }"
            + ".wat .current-line { -fx-background-color: #00ff00; }";
        scene.getStylesheets().add("data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8)));
        own.setScene(scene);
        own.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> own.close());
    }

    @Test
    void theVisibleRangeFollowsTheScrollPositionAndCentringPutsALineInTheMiddle(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        double lh = canvas.lineHeight();
        robot.interact(() -> canvas.setScrollY(10 * lh));
        WaitForAsyncUtils.waitForFxEvents();
        int first = canvas.firstVisibleLine();
        int last = canvas.lastVisibleLine();
        assertEquals(10, first);
        int shown = (int) Math.ceil(canvas.getHeight() / lh);
        assertTrue(last - first + 1 >= shown - 2 && last - first + 1 <= shown + 1, "lines " + first + ".." + last + " of " + shown);
        assertFalse(canvas.comfortablyVisible(150));

        robot.interact(() -> canvas.centre(150));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(canvas.comfortablyVisible(150));
        int middle = (canvas.firstVisibleLine() + canvas.lastVisibleLine()) / 2;
        assertTrue(Math.abs(middle - 150) <= 1, "line 150 is in the middle of " + canvas.firstVisibleLine() + ".." + canvas.lastVisibleLine());
        assertEquals(0, canvas.scrollX());

        // Past the end: the last line stays at the bottom, nothing blank below it.
        robot.interact(() -> canvas.setScrollY(1e9));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(LINES - 1, canvas.lastVisibleLine());
    }

    @Test
    void aGutterClickTogglesTheLineClickedAndMarksArePaintedWhereAsked(FxRobot robot) {
        robot.interact(() -> canvas.setScrollY(7.5 * canvas.lineHeight())); // half a line scrolled off the top
        WaitForAsyncUtils.waitForFxEvents();
        Bounds line12 = canvas.lineBoundsOnScreen(12).orElseThrow();
        robot.clickOn(new Point2D(line12.getMinX() + canvas.gutterWidth() / 2, line12.getMinY() + 2));
        robot.clickOn(new Point2D(line12.getMinX() + canvas.gutterWidth() / 2, line12.getMaxY() - 2));
        assertEquals(List.of(12, 12), clicked);
        // A click on the text is no breakpoint toggle.
        robot.clickOn(new Point2D(line12.getMinX() + canvas.gutterWidth() + 40, line12.getCenterY()));
        assertEquals(List.of(12, 12), clicked);
        assertEquals(12, canvas.caretLine());

        robot.interact(() -> {
            canvas.setBreakpoints(Map.of(12, true, 13, false, 150, true));
            canvas.setMarks(13, 14);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("bp-on", canvas.shownBreakpoint(12));
        assertEquals("bp-off", canvas.shownBreakpoint(13));
        assertEquals("", canvas.shownBreakpoint(11));
        assertNull(canvas.shownBreakpoint(150), "not in view");
        assertEquals("current-line", canvas.shownMark(13));
        assertEquals("frame-line", canvas.shownMark(14));
        assertEquals("", canvas.shownMark(12));
    }

    @Test
    void aMouseSelectionIsCopiedWithCtrlCAndWindowShortcutsGoOn(FxRobot robot) {
        robot.interact(() -> canvas.setScrollY(0));
        WaitForAsyncUtils.waitForFxEvents();
        // From column 5 of line 2 ("line 2 word": the "2") to column 4 of line 4.
        Bounds from = canvas.characterBoundsOnScreen(2, 5, 5).orElseThrow();
        Bounds to = canvas.characterBoundsOnScreen(4, 4, 4).orElseThrow();
        robot.drag(new Point2D(from.getMinX(), from.getCenterY())).dropTo(new Point2D(to.getMinX(), to.getCenterY()));
        assertEquals("2 word\nline 3 word\nline", canvas.selectedText());
        robot.push(KeyCode.CONTROL, KeyCode.C);
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertEquals("2 word\nline 3 word\nline", copied[0]);
        assertFalse(reachedWindow.contains(KeyCode.C), "Ctrl+C is the view's");

        robot.push(KeyCode.CONTROL, KeyCode.END);
        robot.push(KeyCode.CONTROL, KeyCode.HOME);
        assertEquals(List.of(KeyCode.END, KeyCode.HOME), reachedWindow.stream().filter(k -> k != KeyCode.CONTROL).toList());
        robot.push(KeyCode.PAGE_DOWN);
        assertTrue(canvas.firstVisibleLine() > 5, "Page Down scrolls: " + canvas.firstVisibleLine());
        assertFalse(reachedWindow.contains(KeyCode.PAGE_DOWN));
    }

    @Test
    void aDoubleClickSelectsTheWordUnderTheMouse(FxRobot robot) {
        robot.interact(() -> canvas.setScrollY(0));
        WaitForAsyncUtils.waitForFxEvents();
        // "line 3 word": columns 7-10 are "word".
        Bounds w = canvas.characterBoundsOnScreen(3, 8, 8).orElseThrow();
        robot.doubleClickOn(new Point2D(w.getCenterX(), w.getCenterY()));
        assertEquals("word", canvas.selectedText());
        Bounds n = canvas.characterBoundsOnScreen(12, 6, 6).orElseThrow();
        robot.doubleClickOn(new Point2D(n.getCenterX(), n.getCenterY()));
        assertEquals("12", canvas.selectedText(), "the number, not the blanks around it");
    }

    @Test
    void tokenColoursComeFromTheStyleSheetAndFollowATheme(FxRobot robot) {
        robot.interact(() -> {
            canvas.setScrollY(0);
            canvas.setMarks(-1, -1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(countNear(robot, 3, Color.RED) > 0, "the keyword is painted red");
        assertEquals(0, countNear(robot, 3, Color.BLUE));
        robot.interact(() -> root.getStyleClass().add("dark"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(countNear(robot, 3, Color.BLUE) > 0, "after the theme switch, blue");
        assertEquals(0, countNear(robot, 3, Color.RED));
        robot.interact(() -> canvas.setMarks(3, -1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(countNear(robot, 3, Color.LIME) > 0, "the current line's band");
        robot.interact(() -> root.getStyleClass().remove("dark"));
    }

    /** Pixels of {@code line}'s "word" close to {@code colour}, in a snapshot of the canvas. */
    private int countNear(FxRobot robot, int line, Color colour) {
        int[] n = new int[1];
        robot.interact(() -> {
            WritableImage img = canvas.snapshot(null, null);
            PixelReader px = img.getPixelReader();
            String text = TEXT.text(line);
            int col = text.indexOf("word");
            double x0 = canvas.gutterWidth() + CodeCanvas.TEXT_LEFT + col * canvas.charWidth();
            double y0 = line * canvas.lineHeight();
            for (int x = (int) x0; x < x0 + 4 * canvas.charWidth() && x < img.getWidth(); x++) {
                for (int y = (int) y0; y < y0 + canvas.lineHeight() && y < img.getHeight(); y++) {
                    Color c = px.getColor(x, y);
                    if (Math.abs(c.getRed() - colour.getRed()) < 0.2 && Math.abs(c.getGreen() - colour.getGreen()) < 0.2
                        && Math.abs(c.getBlue() - colour.getBlue()) < 0.2) n[0]++;
                }
            }
        });
        return n[0];
    }
}
