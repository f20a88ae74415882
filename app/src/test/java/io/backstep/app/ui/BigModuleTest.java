package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.LineRuns;
import io.backstep.engine.text.WatText;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The 2.4 MB bigprog sample: the whole disassembly is loaded, but only what is visible gets styled. */
@ExtendWith(ApplicationExtension.class)
class BigModuleTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, FakeTimeline.factory());
        window.showWindow();
    }

    @Test
    void stylesOnlyVisibleParagraphs(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("bigprog"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.session().snapshot() != null);
        WaitForAsyncUtils.waitForFxEvents();
        WatText wat = Controls.codeView().wat();
        assertTrue(wat.lineCount() > 200_000, "whole module is shown: " + wat.lineCount());
        assertEquals(wat.lineCount(), Controls.codeView().area().lineCount());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Controls.codeView().styledCount() > 0);
        int afterLoad = Controls.codeView().styledCount();
        assertTrue(afterLoad < 1000, "styled " + afterLoad);
        // Jump far away: that region gets styled too, still without styling the whole module.
        int probe = wat.lineCount() - 1;
        while (wat.functionAt(probe) < 0) probe--;
        int last = wat.lineOfFunction(wat.functionAt(probe));
        assertTrue(last > 200_000);
        robot.interact(() -> Controls.codeView().goToFunction(wat.functionAt(last)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Controls.codeView().styledCount() > afterLoad);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Controls.codeView().styledCount() < 2000);
        LineRuns header = Controls.codeView().area().lines().runs(last);
        assertTrue(header != null && (header.style(0) != null || header.count() > 1), "target function header is styled");
    }
}
