package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.CodeView;
import io.backstep.engine.text.WatText;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.value.ChangeListener;
import javafx.stage.Stage;
import io.backstep.app.ui.view.CodeCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A stop far from what the WebAssembly view shows is drawn with the view already scrolled to it: at
 * the end of the first layout pulse after the stop is published, its line is on screen with its mark.
 * (Scrolling in a {@code runLater} left the view one frame behind the step counter whenever a pulse
 * was already queued.)
 */
@ExtendWith(ApplicationExtension.class)
class SameFrameScrollTest {
    /** Instructions in the module's one function: some ten screens of lines. */
    private static final int PAIRS = 300;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, FakeTimeline.factory(), new MemoryPreferences());
        window.showWindow();
    }

    @Test
    void eachFarStopIsInViewInThePulseThatDrawsIt(FxRobot robot, @TempDir Path dir) throws Exception {
        Path module = dir.resolve("long.wasm");
        Files.write(module, longModule());
        robot.interact(() -> window.openFile(module));
        WindowDriver d = new WindowDriver(window, robot);
        d.waitFor(s -> s.step() == 0);
        CodeView code = Controls.codeView();
        CodeCanvas area = code.area();
        WatText wat = code.wat();
        List<String> late = new ArrayList<>();
        // The fake timeline steps through the function in order: these steps are screens apart, back and forth.
        long[] steps = {2 * PAIRS - 2, 40, 2 * PAIRS / 2, 2 * PAIRS - 60, 200, 450};
        for (long step : steps) {
            String[] seen = new String[1];
            robot.interact(() -> {
                ChangeListener<StopState>[] once = new ChangeListener[1];
                once[0] = (o, a, s) -> {
                    if (s == null || s.step() != step) return;
                    window.session().snapshotProperty().removeListener(once[0]);
                    Runnable[] firstPulse = new Runnable[1];
                    firstPulse[0] = () -> {
                        area.getScene().removePostLayoutPulseListener(firstPulse[0]);
                        int line = code.currentLine();
                        int first = area.firstVisibleLine();
                        int last = area.lastVisibleLine();
                        seen[0] = line >= first && line <= last && "current-line".equals(code.shownMark(line))
                            ? "" : "step " + step + ": line " + line + " not drawn in lines " + first + ".." + last;
                    };
                    area.getScene().addPostLayoutPulseListener(firstPulse[0]);
                };
                window.session().snapshotProperty().addListener(once[0]);
                window.session().scrubTo(step);
            });
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> seen[0] != null);
            if (!seen[0].isEmpty()) late.add(seen[0]);
            assertTrue(wat.line(code.currentLine()).contains("i32.const") || wat.line(code.currentLine()).contains("drop"));
        }
        assertEquals(List.of(), late);
    }

    /** (module (func (i32.const 1 drop)×PAIRS)). */
    private static byte[] longModule() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no locals
        for (int i = 0; i < PAIRS; i++) body.writeBytes(new byte[] {0x41, 0x01, 0x1a}); // i32.const 1, drop
        body.write(0x0b);
        return OneFunctionModule.of(body.toByteArray()).toByteArray();
    }
}
