package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.SourceVariablesView;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The corruption sample debugged at the source level, as a C programmer does it: run to the trap, read
 * the trap's line, open {@code board} in Variables, watch {@code board.leader} from there and
 * reverse-continue to the line of {@code fill_scores} that overwrote it.
 */
@ExtendWith(ApplicationExtension.class)
class SourceLevelWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Recorders.factory(), new MemoryPreferences());
        window.showWindow();
    }

    /** The 1-based line of corruption.c that contains {@code text} (the sample's source ships with the application). */
    static int lineOf(String text) throws IOException {
        try (InputStream in = SourceLevelWindowTest.class.getResourceAsStream("/samples/src/corruption.c")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        }
        throw new AssertionError("corruption.c has no line with " + text);
    }

    /** Expands the row at {@code path} with a click on its disclosure arrow and waits until its children are read. */
    static TreeItem<SourceVar> expand(FxRobot robot, SourceVariablesView view, String path) throws Exception {
        TreeItem<SourceVar> item = view.item(path);
        assertNotNull(item, "no row " + path);
        Node row = robot.from(view).lookup(".tree-table-row-cell").match((TreeTableRow<SourceVar> r) -> r.getTreeItem() == item).query();
        robot.clickOn(robot.from(row).lookup(".tree-disclosure-node").queryAs(Node.class));
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> item.isExpanded() && !item.getChildren().isEmpty()
                && item.getChildren().get(0).getValue() != null && !item.getChildren().get(0).getValue().path().isEmpty());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("row " + path + " not expanded: expanded=" + item.isExpanded() + " children="
                + item.getChildren().stream().map(TreeItem::getValue).toList() + " same item shown=" + (view.item(path) == item), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return item;
    }

    @Test
    void trapLineBoardAndWatchpointFromVariablesLeadToFillScores(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);

        int trapLine = lineOf("int32_t skill = lead->skill;");
        assertNotNull(trap.source());
        assertEquals(trapLine, trap.source().top().line());
        assertTrue(Controls.sourceView().shownFile().endsWith("corruption.c"));
        assertTrue(Controls.sourceView().showsText());
        assertEquals(trapLine, Controls.sourceView().currentLine());
        assertEquals("current-line", Controls.sourceView().shownMark(trapLine));
        assertEquals("report  corruption.c:" + trapLine, Controls.callStack().getItems().get(0).text());
        assertTrue(Controls.statusBar().getText().contains("corruption.c:" + trapLine), Controls.statusBar().getText());

        WindowDriver.selectTab(robot, "Variables");
        SourceVariablesView vars = Controls.sourceVariables();
        SourceVar lead = vars.item("lead").getValue();
        assertEquals("0xffffffff", lead.text());
        expand(robot, vars, SourceReader.GLOBALS);
        TreeItem<SourceVar> board = expand(robot, vars, SourceReader.GLOBALS + "/board");
        SourceVar leader = board.getChildren().stream().map(TreeItem::getValue).filter(v -> v.name().equals("leader")).findFirst().orElseThrow();
        assertEquals("0xffffffff", leader.text());
        assertTrue(leader.inMemory());
        // The program printed where board.leader lives; the row's address is that one.
        assertTrue(Controls.consoleView().getText().contains(String.format("board.leader lives at 0x%08x", leader.address())));

        Node leaderRow = robot.from(vars).lookup(".tree-table-row-cell")
            .match((TreeTableRow<SourceVar> r) -> r.getItem() != null && r.getItem().path().equals(leader.path())).query();
        robot.rightClickOn(leaderRow);
        robot.clickOn("Stop When Written (Watchpoint)");
        StopState watched = d.waitFor(s -> s.watchpoints().size() == 1);
        Watchpoint w = watched.watchpoints().get(0);
        assertEquals(leader.address(), w.address());
        assertEquals(leader.length(), w.length());

        robot.clickOn("#reverse-continue");
        StopState hit = d.waitFor(s -> s.stop() != null && s.stop().reason() == Stop.Reason.WATCHPOINT);
        assertEquals("fill_scores", hit.source().top().function());
        // A watchpoint stops in the state after the write: the writing line is named and marked.
        int fillLine = lineOf("board.scores[i] = NO_SCORE;");
        assertEquals(new SourceStop.Line(hit.source().top().file(), fillLine), hit.source().writtenAt());
        assertTrue(Controls.statusBar().getText().startsWith("Watchpoint hit: written by corruption.c:" + fillLine + "."),
            Controls.statusBar().getText());
        int current = Controls.sourceView().currentLine();
        assertEquals(hit.source().top().line(), current);
        assertTrue(current >= fillLine && current < lineOf("/* One dice roll"), "inside fill_scores' loop: " + current);
        assertEquals(current == fillLine ? "current-line" : "frame-line", Controls.sourceView().shownMark(fillLine));
        assertTrue(Controls.callStack().getItems().get(0).text().startsWith("fill_scores  corruption.c:"));
    }

    /** "Who Wrote This?" on board.leader's row goes to fill_scores' store of NO_SCORE, the writing instruction current. */
    @Test
    void whoWroteThisOnAVariableRowGoesToTheWritingLine(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        robot.clickOn("#continue");
        StopState trap = d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        WindowDriver.selectTab(robot, "Variables");
        SourceVariablesView vars = Controls.sourceVariables();
        expand(robot, vars, SourceReader.GLOBALS);
        TreeItem<SourceVar> board = expand(robot, vars, SourceReader.GLOBALS + "/board");
        SourceVar leader = board.getChildren().stream().map(TreeItem::getValue).filter(v -> v.name().equals("leader")).findFirst().orElseThrow();
        Node leaderRow = robot.from(vars).lookup(".tree-table-row-cell")
            .match((TreeTableRow<SourceVar> r) -> r.getItem() != null && r.getItem().path().equals(leader.path())).query();
        robot.rightClickOn(leaderRow);
        robot.clickOn("Who Wrote This?");
        StopState writer = d.waitFor(s -> s.step() < trap.step());
        int fillLine = lineOf("board.scores[i] = NO_SCORE;");
        assertEquals("fill_scores", writer.source().top().function());
        assertEquals(fillLine, writer.source().top().line(), "the writing instruction is current");
        assertEquals(fillLine, Controls.sourceView().currentLine());
        String status = Controls.statusBar().getText();
        assertTrue(status.startsWith(String.format("0x%x was last written at step %d by fill_scores", leader.address(), writer.step() + 1)), status);
        assertTrue(status.endsWith(" at corruption.c:" + fillLine), status);
    }

    @Test
    void watchExpressionsInCAndAWatchpointOnACLvalue(FxRobot robot) throws Exception {
        WindowDriver d = new WindowDriver(window, robot);
        d.openSample("corruption");
        robot.clickOn("#continue");
        d.waitFor(s -> s.status() == MachineState.Status.TRAPPED);
        WindowDriver.selectTab(robot, "Watch");
        robot.clickOn("#watch-input").write("board.leader").push(KeyCode.ENTER);
        robot.clickOn("#watch-input").write("board.scores[2] + nosuch").push(KeyCode.ENTER);
        StopState watched = d.waitFor(s -> s.source() != null && s.source().watches().size() == 2);
        SourceVar leader = watched.source().watches().get(0);
        assertEquals("board.leader", leader.name());
        assertEquals("0xffffffff", leader.text());
        assertTrue(leader.inMemory());
        SourceVar bad = watched.source().watches().get(1);
        assertTrue(bad.text().startsWith("<") && bad.text().contains("nosuch"), bad.text());
        assertEquals(2, robot.lookup("#watches").queryAs(SourceVariablesView.class).getRoot().getChildren().size());

        // Show in memory: the memory view selects the variable's bytes.
        robot.interact(() -> robot.lookup("#watches").queryAs(SourceVariablesView.class).runAction("var-show-memory", leader));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(leader.address(), Controls.memoryView().selectionStart());
        assertEquals(leader.address() + leader.length() - 1, Controls.memoryView().selectionEnd());
        assertTrue(Controls.memoryView().selectionText().startsWith("board.leader: player *  " + String.format("0x%08x", leader.address())),
            Controls.memoryView().selectionText());
        assertTrue(Controls.statusBar().getText().startsWith("board.leader: player * at "), Controls.statusBar().getText());

        // A memory watchpoint typed as a C lvalue watches the lvalue's bytes.
        WindowDriver.selectTab(robot, "Breakpoints");
        robot.clickOn("#add-memory-watch");
        robot.clickOn("#watch-address").push(KeyCode.CONTROL, KeyCode.A).write("board.leader").push(KeyCode.ENTER);
        StopState withWp = d.waitFor(s -> s.watchpoints().size() == 1);
        assertEquals(leader.address(), withWp.watchpoints().get(0).address());
        assertEquals(leader.length(), withWp.watchpoints().get(0).length());
    }
}
