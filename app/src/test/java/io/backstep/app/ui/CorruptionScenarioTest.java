package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Stop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window on the real recorder with the memory-corruption sample: run to the trap,
 * step back, reverse-continue to a watchpoint on board.leader, gutter breakpoints, scrubbing, export.
 */
@ExtendWith(ApplicationExtension.class)
class CorruptionScenarioTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory());
        window.showWindow();
    }

    private StopState waitFor(Predicate<StopState> p) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                StopState s = window.session().snapshot();
                return s != null && !window.session().busyProperty().get() && p.test(s);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            StopState s = window.session().snapshot();
            throw new AssertionError("timed out; busy=" + window.session().busyProperty().get() + " snapshot="
                + (s == null ? null : "step " + s.step() + "/" + s.endStep() + " " + s.status() + " " + s.stop() + " " + s.trapMessage()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return window.session().snapshot();
    }

    private void load(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSample("corruption"));
        waitFor(s -> true);
    }

    private int functionIndex(String name) {
        WasmModule m = window.session().loaded().timeline().module().module();
        for (int i = 0; i < m.functionCount(); i++) if (name.equals(m.functionName(i))) return i;
        throw new AssertionError("no function " + name);
    }

    @Test
    void trapStepBackAndWatchpointFindTheCorruptingFunction(FxRobot robot) throws Exception {
        load(robot);
        robot.clickOn("#continue");
        StopState trap = waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals(trap.endStep(), trap.step());
        assertTrue(Controls.trapBanner().isVisible());
        assertTrue(Controls.consoleView().getText().contains("board.leader lives at 0x00000fd0"));

        robot.clickOn("#step-back");
        StopState back = waitFor(s -> s.step() < trap.step());
        assertEquals(trap.step() - 1, back.step());
        assertTrue(Controls.trapBanner().isVisible(), "the banner stays, announcing the trap ahead");

        WindowDriver.addMemoryWatch(robot, "0xfd0");
        waitFor(s -> s.watchpoints().size() == 1);
        robot.clickOn("#reverse-continue");
        StopState hit = waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.WATCHPOINT);
        FrameInfo top = hit.top();
        assertEquals("fill_scores", top.functionName());
        // The code view's current line is inside fill_scores, and the call stack and locals show it.
        WatText wat = Controls.codeView().wat();
        assertEquals(functionIndex("fill_scores"), wat.functionAt(Controls.codeView().currentLine()));
        assertTrue(Controls.callStack().getItems().get(0).functionName().equals("fill_scores"));
        assertFalse(Controls.localsView().getItems().isEmpty());
        assertEquals("current-line", Controls.codeView().shownMark(Controls.codeView().currentLine()));
    }

    @Test
    void gutterBreakpointThenContinueStopsThere(FxRobot robot) throws Exception {
        load(robot);
        int fn = functionIndex("fill_scores");
        WatText wat = Controls.codeView().wat();
        int line = wat.lineOfFunction(fn);
        while (wat.offsetAt(line) < 0) line++;
        int offset = wat.offsetAt(line);
        robot.interact(() -> Controls.codeView().goToFunction(fn));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(Controls.gutterOf(Controls.codeView().area(), line));
        StopState withBp = waitFor(s -> s.breakpoints().size() == 1);
        assertEquals(offset, withBp.breakpoints().get(0).wasmOffset());
        assertEquals(fn, withBp.breakpoints().get(0).functionIndex());

        robot.clickOn("#continue");
        StopState hit = waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals(offset, hit.top().wasmOffset());
        assertEquals(line, Controls.codeView().currentLine());
        assertEquals(1, Controls.breakpointsView().table().getItems().size());
        assertEquals("current-line", Controls.codeView().shownMark(line));
    }

    @Test
    void scrubbingTheTimelineMovesEveryView(FxRobot robot) throws Exception {
        load(robot);
        StopState start = window.session().snapshot();
        var bar = Controls.timelineBar();
        robot.drag(bar).dropBy(bar.getWidth() / 3, 0);
        waitFor(s -> s.step() != start.step());
        // Views follow the step the scrubber left us at.
        WaitForAsyncUtils.waitForFxEvents();
        StopState now = window.session().snapshot();
        assertNotEquals(start.step(), now.step());
        assertTrue(now.step() > 0 && now.step() < now.endStep());
        WatText wat = Controls.codeView().wat();
        assertEquals(wat.lineAtOrBefore(now.top().wasmOffset()), Controls.codeView().currentLine());
        assertEquals(now.console(), Controls.consoleView().getText());
        assertEquals(now.top().functionName(), Controls.callStack().getItems().get(0).functionName());
        // The drag started at the bar's middle and went a third of its width to the right.
        assertTrue(now.step() > now.endStep() / 2, "dragged right of the middle, at step " + now.step() + " of " + now.endStep());
        assertEquals(String.format("Step %,d / %,d", now.step(), now.endStep()), Controls.stepLabel().getText());
    }

    @Test
    void savedRecordingOpensAndNavigates(FxRobot robot, @TempDir Path dir) throws Exception {
        // The recorder has no single-file export yet; a recording directory is what gets saved and shared.
        Path rec = dir.resolve("corruption-recording");
        byte[] wasm = io.backstep.app.cli.BundledSamples.find("corruption");
        try (var t = io.backstep.recorder.Recordings.record(wasm,
                io.backstep.recorder.recording.RunConfig.of("corruption.wasm", java.util.List.of()), rec,
                new io.backstep.recorder.recording.Recorder.Options())) {
            assertTrue(t.endStep() > 0);
        }
        robot.interact(() -> window.openFile(rec));
        StopState opened = waitFor(s -> true);
        assertEquals("corruption-recording", window.session().loaded().name());
        assertEquals(0, opened.step());
        robot.clickOn("#continue");
        StopState trap = waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals(trap.endStep(), trap.step());
        assertTrue(Controls.consoleView().getText().contains("board.leader lives at 0x00000fd0"));
    }

    @Test
    void exportedBstraceOpensAgain(FxRobot robot, @TempDir Path dir) throws Exception {
        load(robot);
        robot.clickOn("#continue");
        StopState trap = waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        Path out = dir.resolve("corruption.bstrace");
        robot.interact(() -> window.exportTo(out, 0, trap.endStep()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(out) && Files.size(out) > 0);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Controls.statusBar().getText().startsWith("Exported to"));
        robot.interact(() -> window.openFile(out));
        StopState reopened = waitFor(s -> window.session().loaded().name().equals("corruption.bstrace"));
        assertEquals(trap.endStep(), reopened.endStep());
        robot.clickOn("#continue");
        StopState again = waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals(trap.trapMessage(), again.trapMessage());
        assertTrue(Controls.consoleView().getText().contains("board.leader lives at 0x00000fd0"));
    }
}
