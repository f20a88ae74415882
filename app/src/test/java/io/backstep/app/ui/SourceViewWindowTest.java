package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.BundledSamples;
import io.backstep.app.ui.view.SourceVariablesView;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Stop;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The source view's parts one by one: a missing file, line breakpoints, line stepping with and without DWARF. */
@ExtendWith(ApplicationExtension.class)
class SourceViewWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory(), new MemoryPreferences());
        window.showWindow();
    }

    @Test
    void missingSourceShowsWhereItLookedAndAnAddedFolderFindsIt(FxRobot robot, @TempDir Path dir) throws Exception {
        Path module = Files.createDirectories(dir.resolve("build")).resolve("corruption.wasm");
        Files.write(module, BundledSamples.find("corruption"));
        WindowDriver d = new WindowDriver(window, robot);
        robot.interact(() -> window.openFile(module));
        d.waitFor(s -> true);
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertFalse(Controls.sourceView().showsText());
        String shown = robot.lookup("#source-missing").queryAs(Label.class).getText();
        assertTrue(shown.contains("src/corruption.c"), shown);
        assertTrue(shown.contains(dir.resolve("build/src/corruption.c").toString()), "names the path looked for: " + shown);
        assertTrue(robot.lookup("#locate-source").queryAs(Node.class).isVisible());

        Path sources = Files.createDirectories(dir.resolve("elsewhere"));
        try (InputStream in = getClass().getResourceAsStream("/samples/src/corruption.c")) {
            Files.copy(in, sources.resolve("corruption.c"));
        }
        robot.interact(() -> window.addSourceFolder(sources));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Controls.sourceView().showsText());
        assertEquals(trap.source().top().line(), Controls.sourceView().currentLine());

        // The folder is remembered for this module: opening it again finds the source at once.
        robot.interact(() -> window.openFile(module));
        d.waitFor(s -> s.step() == 0);
        robot.clickOn("#continue");
        d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertTrue(Controls.sourceView().showsText());
    }

    @Test
    void gutterClickOnALineWithoutCodeSetsTheBreakpointOnTheNextLineWithCode(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        @SuppressWarnings("unchecked")
        ComboBox<String> files = robot.lookup("#source-files").queryAs(ComboBox.class);
        String file = files.getItems().stream().filter(f -> f.endsWith("corruption.c")).findFirst().orElseThrow();
        robot.interact(() -> files.getSelectionModel().select(file));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Controls.sourceView().showsText());
        int comment = SourceLevelWindowTest.lineOf("Resets the season");
        robot.interact(() -> Controls.sourceView().reveal(comment));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(Controls.gutterOf(Controls.sourceView().area(), comment - 1));
        StopState withBp = d.waitFor(s -> !s.breakpoints().isEmpty());
        int moved = withBp.source().breakpointLines().get(withBp.breakpoints().get(0).id()).line();
        assertTrue(moved > comment);
        String status = Controls.statusBar().getText();
        assertEquals("Line " + comment + " has no code: breakpoint set on line " + moved + " instead", status);
        assertTrue(Controls.breakpointsView().table().getItems().get(0).breakpoint() != null);
        String location = (String) Controls.breakpointsView().table().getColumns().get(2).getCellObservableValue(0).getValue();
        assertTrue(location.startsWith("corruption.c:" + moved), location);

        robot.clickOn("#continue");
        StopState hit = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals(moved, hit.source().top().line());
        assertEquals(moved, Controls.sourceView().currentLine());
    }

    @Test
    void lineSteppingGoesBackAndForthOverTheSameSteps(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        assertTrue(window.commands().get("line-step-over").enabled().get());
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        robot.push(KeyCode.SHIFT, KeyCode.F8);
        StopState back1 = d.waitFor(s -> s.step() < trap.step());
        robot.push(KeyCode.SHIFT, KeyCode.F8);
        StopState back2 = d.waitFor(s -> s.step() < back1.step());
        assertNotNull(back2.source().top().file());
        assertTrue(back2.source().top().line() != back1.source().top().line() || back2.source().top().function().equals(back1.source().top().function()));
        robot.push(KeyCode.F8);
        StopState forward = d.waitFor(s -> s.step() > back2.step());
        assertEquals(back1.step(), forward.step());
        assertEquals(back1.source().top().line(), Controls.sourceView().currentLine());
    }

    /** Breakpoints tab → Add breakpoint → "corruption.c:LINE" → Enter; waits for the breakpoint. */
    private static void breakAtLine(FxRobot robot, WindowDriver d, int line) throws Exception {
        WindowDriver.selectTab(robot, "Breakpoints");
        robot.clickOn("#add-breakpoint");
        robot.clickOn("#breakpoint-where").push(KeyCode.CONTROL, KeyCode.A).write("corruption.c:" + line).push(KeyCode.ENTER);
        d.waitFor(s -> !s.breakpoints().isEmpty());
    }

    /**
     * The line steps into and out of a function, through their shortcuts: F7 into fill_scores from its
     * call, Shift+F7 back to the call, Alt+Shift+F8 from inside it back to before the call, Alt+F8 out of
     * it to main after the call.
     */
    @Test
    void lineStepIntoAndOutAndTheirReversesByTheirShortcuts(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int call = SourceLevelWindowTest.lineOf("fill_scores(n); /*");
        breakAtLine(robot, d, call);
        robot.clickOn("#continue");
        StopState atCall = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals("main", atCall.source().top().function());
        assertEquals(call, atCall.source().top().line());
        int depth = atCall.frames().size();

        robot.push(KeyCode.F7);
        StopState inside = d.waitFor(s -> s.step() > atCall.step());
        assertEquals("fill_scores", inside.source().top().function(), "F7 steps into the call");
        assertEquals(depth + 1, inside.frames().size());
        assertEquals(inside.source().top().line(), Controls.sourceView().currentLine());

        robot.push(KeyCode.SHIFT, KeyCode.F7);
        StopState back = d.waitFor(s -> s.step() < inside.step());
        assertEquals("main", back.source().top().function(), "Shift+F7 steps back out of the call's first line");
        assertEquals(call, back.source().top().line());

        robot.push(KeyCode.F7);
        StopState again = d.waitFor(s -> s.step() > back.step());
        assertEquals(inside.step(), again.step(), "forward again to the same step");
        robot.push(KeyCode.F8);
        StopState deeper = d.waitFor(s -> s.step() > again.step());
        assertEquals("fill_scores", deeper.source().top().function());

        robot.push(KeyCode.ALT, KeyCode.SHIFT, KeyCode.F8);
        StopState beforeCall = d.waitFor(s -> s.step() < deeper.step());
        assertEquals("main", beforeCall.source().top().function(), "Alt+Shift+F8 goes back to where fill_scores was called");
        assertEquals(call, beforeCall.source().top().line());
        assertTrue(beforeCall.step() < inside.step());
        assertEquals(depth, beforeCall.frames().size());

        robot.push(KeyCode.F7);
        d.waitFor(s -> s.step() > beforeCall.step() && "fill_scores".equals(s.source().top().function()));
        StopState in = window.session().snapshot();
        robot.push(KeyCode.ALT, KeyCode.F8);
        StopState out = d.waitFor(s -> s.step() > in.step());
        // It stops just after the return (as gdb's finish), which at -O2 may be an instruction of no line.
        assertEquals("main", out.source().top().function(), "Alt+F8 runs until fill_scores returns");
        assertEquals(depth, out.frames().size());
        assertTrue(Controls.callStack().getItems().get(0).text().startsWith("main"), Controls.callStack().getItems().get(0).text());
    }

    /** A variable's value that changed since the last stop is highlighted; one that did not change is not. */
    @Test
    void aValueThatChangedSinceTheLastStopIsHighlighted(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        breakAtLine(robot, d, SourceLevelWindowTest.lineOf("board.scores[i] = NO_SCORE;"));
        robot.clickOn("#continue");
        StopState hit = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        WindowDriver.selectTab(robot, "Variables");
        SourceVariablesView vars = Controls.sourceVariables();
        SourceLevelWindowTest.expand(robot, vars, SourceReader.GLOBALS);
        SourceLevelWindowTest.expand(robot, vars, SourceReader.GLOBALS + "/board");
        String scores = SourceReader.GLOBALS + "/board/scores";
        SourceLevelWindowTest.expand(robot, vars, scores);
        String first = scores + "/[0]";
        String last = scores + "/[7]";
        String before = vars.item(first).getValue().text();
        assertEquals(before, vars.item(last).getValue().text(), "no slot is written yet");
        assertFalse(valueCell(robot, vars, first).getStyleClass().contains("changed"));

        // Line steps until the first store has run (the loop may take more than one line step to get there).
        long step = hit.step();
        for (int i = 0; i < 6 && vars.item(first).getValue().text().equals(before); i++) {
            long from = step;
            robot.push(KeyCode.F8);
            step = d.waitFor(s -> s.step() > from).step();
            WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> vars.item(first) != null);
        }
        assertEquals("-1", vars.item(first).getValue().text(), "scores[0] = NO_SCORE");
        assertEquals(before, vars.item(last).getValue().text());
        assertTrue(valueCell(robot, vars, first).getStyleClass().contains("changed"));
        assertFalse(valueCell(robot, vars, last).getStyleClass().contains("changed"));
    }

    /** The value cell showing row {@code path}, scrolled into view. */
    private static javafx.scene.control.TreeTableCell<?, ?> valueCell(FxRobot robot, SourceVariablesView vars, String path) {
        robot.interact(() -> vars.scrollTo(vars.getRow(vars.item(path))));
        WaitForAsyncUtils.waitForFxEvents();
        return robot.from(vars).lookup(".tree-table-cell")
            .match((javafx.scene.control.TreeTableCell<?, ?> c) -> c.getItem() instanceof SourceVar v && v.path().equals(path)).query();
    }

    /** Shortcut+Shift+D hides the WebAssembly view beside the source, and shows it again. */
    @Test
    void theWebAssemblyBesideTheSourceIsToggled(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        assertTrue(robot.lookup("#source-view").tryQuery().isPresent());
        assertTrue(robot.lookup("#code-view").tryQuery().isPresent(), "both at first");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#source-view").tryQuery().isPresent());
        assertTrue(robot.lookup("#code-view").tryQuery().isEmpty(), "the source alone");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#source-view").tryQuery().isPresent());
        assertTrue(robot.lookup("#code-view").tryQuery().isPresent(), "both again");
    }

    @Test
    void withoutDebugInfoTheWindowIsTheWebAssemblyDebuggerAndSaysWhy(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        StopState s = d.openSample("trap");
        assertEquals(null, s.source());
        assertFalse(window.session().loaded().sourceInfo().available());
        assertFalse(window.commands().get("line-step-over").enabled().get());
        assertFalse(window.commands().get("reverse-line-step-into").enabled().get());
        assertTrue(window.commands().get("step-over").enabled().get(), "instruction stepping stays");
        assertTrue(robot.lookup("#source-view").tryQuery().isEmpty(), "no source view beside the WebAssembly");
        assertTrue(Controls.statusBar().getText().contains("(no source: "), Controls.statusBar().getText());
        long before = s.step();
        robot.push(KeyCode.F8); // bound to a disabled command: nothing moves
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, window.session().snapshot().step());
    }

    /** {@code wasm} with every byte of its .debug_* custom sections' contents flipped. */
    static byte[] flipDebugSections(byte[] wasm) {
        byte[] out = wasm.clone();
        int i = 8;
        while (i < out.length) {
            int id = out[i++] & 0xFF;
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = out[i++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            int end = i + (int) size;
            if (id == 0) {
                int nameLen = out[i] & 0xFF; // the debug section names are shorter than 128 bytes
                String name = new String(out, i + 1, nameLen, java.nio.charset.StandardCharsets.UTF_8);
                if (name.startsWith(".debug_")) for (int k = i + 1 + nameLen; k < end; k++) out[k] = (byte) ~out[k];
            }
            i = end;
        }
        return out;
    }

    @Test
    void malformedDebugInfoLeavesTheWebAssemblyDebuggerAndSaysSo(FxRobot robot, @TempDir Path dir) throws Exception {
        Path module = dir.resolve("broken.wasm");
        Files.write(module, flipDebugSections(BundledSamples.find("corruption")));
        WindowDriver d = new WindowDriver(window, robot);
        robot.interact(() -> window.openFile(module));
        d.waitFor(s -> true);
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        assertEquals(null, trap.source());
        assertTrue(Controls.statusBar().getText().contains("(no source: debug info unreadable"), Controls.statusBar().getText());
        assertEquals("report", Controls.callStack().getItems().get(0).functionName());
        robot.clickOn("#step-back");
        d.waitFor(s -> s.step() == trap.step() - 1);
    }

    /** A function typed by its C name (the name section calls main __original_main) gets a breakpoint after its prologue. */
    @Test
    void aBreakpointTypedAsACFunctionNameStopsInThatFunction(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        WindowDriver.selectTab(robot, "Breakpoints");
        robot.clickOn("#add-breakpoint");
        robot.clickOn("#breakpoint-where").push(KeyCode.CONTROL, KeyCode.A).write("main").push(KeyCode.ENTER);
        StopState set = d.waitFor(s -> !s.breakpoints().isEmpty());
        assertTrue(set.breakpoints().get(0).wasmOffset() >= 0, "placed on an instruction after the prologue, not on the function's entry");
        robot.clickOn("#continue");
        StopState hit = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals("main", hit.source().top().function());
        assertTrue(hit.source().top().line() > 0, "on a line of main");
    }

    @Test
    void aBreakpointTypedAsFileLineWithACConditionStopsWhereTheConditionHolds(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        int line = SourceLevelWindowTest.lineOf("if (board.scores[p->slot] == NO_SCORE)");
        WindowDriver.selectTab(robot, "Breakpoints");
        robot.clickOn("#add-breakpoint");
        robot.clickOn("#breakpoint-where").push(KeyCode.CONTROL, KeyCode.A).write("corruption.c:" + line);
        robot.clickOn("#breakpoint-condition").write("points == 1 && p->skill > 14").push(KeyCode.ENTER);
        StopState set = d.waitFor(s -> !s.breakpoints().isEmpty());
        assertEquals("points == 1 && p->skill > 14", set.breakpoints().get(0).condition());
        assertEquals(line, set.source().breakpointLines().get(set.breakpoints().get(0).id()).line());

        robot.clickOn("#continue");
        StopState hit = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.BREAKPOINT);
        assertEquals(line, hit.source().top().line());
        SourceVar points = hit.source().variables().stream().filter(v -> v.name().equals("points")).findFirst().orElseThrow();
        assertEquals("1", points.text());
        assertEquals("1", Controls.sourceVariables().item("points").getValue().text());
        // p points to a player whose skill is above 14: open *p and read it.
        TreeItem<SourceVar> p = SourceLevelWindowTest.expand(robot, Controls.sourceVariables(), "p");
        TreeItem<SourceVar> target = SourceLevelWindowTest.expand(robot, Controls.sourceVariables(), p.getChildren().get(0).getValue().path());
        SourceVar skill = target.getChildren().stream().map(TreeItem::getValue).filter(v -> v.name().equals("skill")).findFirst().orElseThrow();
        assertTrue(Integer.parseInt(skill.text()) > 14, skill.text());
    }
}
