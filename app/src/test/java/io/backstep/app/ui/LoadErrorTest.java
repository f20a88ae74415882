package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.BundledSamples;
import io.backstep.recorder.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Files that cannot be opened are explained in the user's words; a saved recording is "opened", not "recorded". */
@ExtendWith(ApplicationExtension.class)
class LoadErrorTest {
    private MainWindow window;
    private final CountDownLatch releaseOpen = new CountDownLatch(1);

    @Start
    void start(Stage stage) {
        RecordingFactory real = Recorders.factory();
        window = new MainWindow(stage, new RecordingFactory() {
            @Override public Timeline record(String name, byte[] wasm, RunSettings config, LongConsumer p) throws Exception { return real.record(name, wasm, config, p); }
            @Override public Timeline open(Path bstrace) throws Exception {
                releaseOpen.await(30, TimeUnit.SECONDS);
                throw new java.io.IOException("not a zip file");
            }
            @Override public void cancel() { }
            @Override public void export(Timeline t, Path out, long a, long b) { }
        });
        window.showWindow();
    }

    private DialogPane errorShown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".alert.error").tryQuery().isPresent());
        return robot.lookup(".alert.error").queryAs(DialogPane.class);
    }

    private void close(FxRobot robot, DialogPane alert) {
        robot.clickOn(robot.from(alert).lookup(".button").queryAs(Node.class));
    }

    @Test
    void aTextFileIsNotAWebAssemblyFile(FxRobot robot, @TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.wasm");
        Files.writeString(notes, "hello world\n", StandardCharsets.UTF_8);
        robot.interact(() -> window.openFile(notes));
        DialogPane alert = errorShown(robot);
        assertEquals("Cannot open notes.wasm", alert.getHeaderText());
        assertTrue(alert.getContentText().startsWith("Not a WebAssembly file"), alert.getContentText());
        assertTrue(alert.getContentText().contains("Detail: malformed module: magic header not detected at byte offset 0x0"), alert.getContentText());
        close(robot, alert);
    }

    @Test
    void aCutModuleIsTruncatedAtItsLength(FxRobot robot, @TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut.wasm");
        Files.write(cut, Arrays.copyOf(BundledSamples.find("corruption"), 200));
        robot.interact(() -> window.openFile(cut));
        DialogPane alert = errorShown(robot);
        assertEquals("Cannot open cut.wasm", alert.getHeaderText());
        assertTrue(alert.getContentText().startsWith("The file is truncated at byte 200:"), alert.getContentText());
        assertTrue(alert.getContentText().contains("Detail: "), alert.getContentText());
        close(robot, alert);
    }

    @Test
    void aSavedRecordingIsOpenedNotRecorded(FxRobot robot, @TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.bstrace");
        Files.writeString(trace, "not a recording");
        robot.interact(() -> window.openFile(trace));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Opening run.bstrace…", Controls.statusBar().getText());
        releaseOpen.countDown();
        DialogPane alert = errorShown(robot);
        assertEquals("Cannot open run.bstrace", alert.getHeaderText());
        close(robot, alert);
    }
}
