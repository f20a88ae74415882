package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.BundledSamples;
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
import javafx.scene.layout.HBox;
import javafx.scene.text.Text;
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
        Node gutter = robot.lookup(".source-gutter").match((HBox h) -> h.getChildren().get(1) instanceof Text t
            && t.getText().equals(Integer.toString(comment))).query();
        robot.clickOn(gutter);
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
