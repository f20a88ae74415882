package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.CodeCanvas;
import io.backstep.app.ui.view.CodeView;
import io.backstep.engine.text.WatText;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The WebAssembly view shows the instruction of the current line, not only its offset, when the stop is
 * deep inside nested blocks (LZ4's match finder nests thirty deep, whose indentation put the text a
 * view width to the right) and when the view was scrolled sideways before the stop moved there.
 */
@ExtendWith(ApplicationExtension.class)
class DeepNestingViewTest {
    private static final int DEPTH = 40;
    private static final int LONG_NAME = 400;
    private MainWindow window;
    private Stage stage;
    private double width;
    private double height;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new MainWindow(stage, FakeTimeline.factory(), new MemoryPreferences());
        window.showWindow();
    }

    @Test
    void theCurrentInstructionIsInViewDeepInsideNestedBlocks(FxRobot robot, @TempDir Path dir) throws Exception {
        Path module = dir.resolve("nested.wasm");
        Files.write(module, nestedModule());
        robot.interact(() -> {
            width = stage.getWidth();
            height = stage.getHeight();
            stage.setWidth(1100);
            stage.setHeight(700);
            window.openFile(module);
        });
        WindowDriver d = new WindowDriver(window, robot);
        d.waitFor(s -> s.step() == 0);
        CodeView code = Controls.codeView();
        WatText wat = code.wat();

        // Scrolled sideways at the first instruction, as a user reading the function's long header leaves it.
        robot.interact(() -> code.area().setScrollX(2000));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(code.area().scrollX() > 1000, "scrolled sideways: " + code.area().scrollX());
        // The fake timeline runs the function's instructions in order: the step at the innermost one.
        FakeTimeline timeline = (FakeTimeline) window.session().loaded().timeline();
        long inner = -1;
        for (long s = 0; s <= timeline.endStep() && inner < 0; s++) {
            if (wat.line(wat.lineAtOrBefore(timeline.offsetAt(s))).strip().equals("i32.const 7")) inner = s;
        }
        long step = inner;
        assertTrue(step > 0, "the innermost instruction is a step of its own");
        robot.interact(() -> window.session().scrubTo(step));
        d.waitFor(s -> s.step() == step);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "current-line".equals(code.shownMark(code.currentLine())));
        int line = code.currentLine();
        assertEquals("i32.const 7", wat.line(line).strip(), "the current line is the innermost instruction");
        assertTrue(wat.line(line).indexOf("i32") > 80, "the module nests deep enough to matter: " + wat.line(line).indexOf("i32"));
        assertInView(robot, code.area(), line, "i32.const 7");
    }

    /** The stage is shared with the tests that run after this one: they get it back at its size. */
    @AfterEach
    void restoreSize(FxRobot robot) {
        if (width > 0 && height > 0) {
            robot.interact(() -> {
                stage.setWidth(width);
                stage.setHeight(height);
            });
        }
    }

    /** The text {@code word} of line {@code line} lies inside the code's part of the view, horizontally and vertically. */
    private static void assertInView(FxRobot robot, CodeCanvas area, int line, String word) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Bounds[] seen = new Bounds[2];
        robot.interact(() -> {
            int col = area.lines().text(line).indexOf(word);
            seen[0] = area.characterBoundsOnScreen(line, col, col + word.length()).orElse(null);
            seen[1] = area.textAreaOnScreen();
        });
        Bounds text = seen[0];
        Bounds view = seen[1];
        assertTrue(text != null, "line " + line + " is laid out on screen");
        assertTrue(text.getMinX() >= view.getMinX() && text.getMaxX() <= view.getMaxX(),
            "'" + word + "' at x " + text.getMinX() + ".." + text.getMaxX() + " is inside the view's " + view.getMinX() + ".." + view.getMaxX());
        assertTrue(text.getMinY() >= view.getMinY() && text.getMaxY() <= view.getMaxY(),
            "'" + word + "' at y " + text.getMinY() + " is inside the view's " + view.getMinY() + ".." + view.getMaxY());
    }

    /** (module (func i32.const 1 drop block×DEPTH i32.const 7 drop end×DEPTH (i32.const 0 drop)×30)): its middle nested DEPTH blocks deep. */
    private static byte[] nestedModule() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no locals
        body.writeBytes(new byte[] {0x41, 0x01, 0x1a}); // i32.const 1, drop
        for (int i = 0; i < DEPTH; i++) body.writeBytes(new byte[] {0x02, 0x40}); // block (no result)
        body.writeBytes(new byte[] {0x41, 0x07, 0x1a}); // i32.const 7, drop
        for (int i = 0; i < DEPTH; i++) body.write(0x0b); // end
        for (int i = 0; i < 30; i++) body.writeBytes(new byte[] {0x41, 0x00, 0x1a});
        body.write(0x0b);
        ByteArrayOutputStream m = OneFunctionModule.of(body.toByteArray());
        // A name section naming the function with a name wider than the view: its header line can be scrolled sideways.
        byte[] name = "f".repeat(LONG_NAME).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.writeBytes(new byte[] {1, 0}); // one name: function 0
        OneFunctionModule.leb(names, name.length);
        names.writeBytes(name);
        ByteArrayOutputStream custom = new ByteArrayOutputStream();
        custom.writeBytes(new byte[] {4, 'n', 'a', 'm', 'e', 1}); // "name", subsection 1: function names
        OneFunctionModule.leb(custom, names.size());
        custom.writeBytes(names.toByteArray());
        m.write(0);
        OneFunctionModule.leb(m, custom.size());
        m.writeBytes(custom.toByteArray());
        return m.toByteArray();
    }
}
