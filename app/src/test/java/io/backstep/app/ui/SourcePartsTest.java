package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.CallStackView;
import io.backstep.recorder.state.FrameInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the source level in the window: expressions of rows, finding files, call stack rows. */
class SourcePartsTest {
    private static SourceVar row(String path) {
        return new SourceVar(path, path.substring(path.lastIndexOf('/') + 1), "int", "1", false, null, -1, 0);
    }

    @Test
    void aRowsPathBecomesACExpression() {
        assertEquals("board", SourceVariablesPresenter.expression(row("board")));
        assertEquals("board.leader", SourceVariablesPresenter.expression(row(SourceReader.GLOBALS + "/board/leader")));
        assertEquals("board.scores[3]", SourceVariablesPresenter.expression(row(SourceReader.GLOBALS + "/board/scores/[3]")));
        assertEquals("(*p).next", SourceVariablesPresenter.expression(row("p/*p/next")));
        assertEquals("(*(*p).next).name[0]", SourceVariablesPresenter.expression(row("p/*p/next/*next/name/[0]")));
        assertEquals("st.divisor", SourceVariablesPresenter.expression(row(SourceReader.WATCH + "st/divisor")));
        assertNull(SourceVariablesPresenter.expression(row(SourceReader.GLOBALS)));
    }

    @Test
    void cTextIsToldFromAddresses() {
        assertTrue(BreakpointDialogs.looksLikeC("board.leader"));
        assertTrue(BreakpointDialogs.looksLikeC("p->next"));
        assertTrue(BreakpointDialogs.looksLikeC("a[3]"));
        assertFalse(BreakpointDialogs.looksLikeC("0xfd0"));
        assertFalse(BreakpointDialogs.looksLikeC("0xfd0:4"));
        assertFalse(BreakpointDialogs.looksLikeC("fd0"));
        assertFalse(BreakpointDialogs.looksLikeC("4048"));
    }

    @Test
    void sourcesAreFoundBesideTheModuleInAddedFoldersAndInsideTheApplication(@TempDir Path dir) throws Exception {
        Path module = Files.createDirectories(dir.resolve("m"));
        Files.createDirectories(module.resolve("src"));
        Files.writeString(module.resolve("src/a.c"), "int a;\n");
        SourceFiles files = new SourceFiles(new Session.Origin("test", module, null), List.of());
        assertEquals("int a;\n", files.read("src/a.c").text());
        SourceFiles.Result missing = files.read("./lib/b.c");
        assertFalse(missing.found());
        assertEquals(List.of(module.resolve("lib/b.c"), dir.resolve("lib/b.c")), missing.lookedAt());

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("b.c"), "int b;\n");
        assertEquals("int b;\n", files.withFolders(List.of(other)).read("./lib/b.c").text());

        SourceFiles bundled = new SourceFiles(new Session.Origin("bundled sample", null, "corruption"), List.of());
        assertTrue(bundled.read("src/corruption.c").text().contains("fill_scores"));
        assertFalse(bundled.read("../../etc/passwd").found(), "only the samples' own sources");
    }

    @Test
    void inlinedCallsAreFramesOfTheirOwnOnTheirWasmFrame() {
        FrameInfo outer = new FrameInfo(0, 1, "main", 0x10, List.of(), List.of());
        FrameInfo inner = new FrameInfo(1, 2, "work", 0x40, List.of(), List.of());
        SourceStop source = new SourceStop(List.of(
            new SourceStop.Frame(0, 2, "helper", true, "./src/w.c", 7, 3, 0x40),
            new SourceStop.Frame(0, 2, "work", false, "./src/w.c", 20, 5, 0x40),
            new SourceStop.Frame(1, 1, "main", false, null, 0, 0, 0x10)), List.of(), List.of(), Map.of(), null);
        List<CallStackView.Entry> rows = CallStackView.entries(List.of(outer, inner), source);
        assertEquals(3, rows.size());
        assertEquals("helper [inlined]  w.c:7", rows.get(0).text());
        assertEquals(inner, rows.get(0).frame());
        assertEquals("work  w.c:20", rows.get(1).text());
        assertEquals(inner, rows.get(1).frame());
        assertEquals("main  @0x000010", rows.get(2).text());
        assertEquals(outer, rows.get(2).frame());
        assertEquals(List.of("work  @0x000040", "main  @0x000010"),
            CallStackView.entries(List.of(outer, inner), null).stream().map(CallStackView.Entry::text).toList());
    }
}
