package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.ui.view.CallStackRow;
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

    /**
     * A module compiled with an absolute compilation directory records absolute paths: the path itself
     * when it is on this machine; else, when the module moved with its sources, the path below the
     * compilation directory under the module's folder; else a tail under an added folder.
     */
    @Test
    void absoluteDwarfPathsAreFoundWhereTheyAreOrBelowTheModulesFolder(@TempDir Path dir) throws Exception {
        Path module = Files.createDirectories(dir.resolve("moved/m"));
        Path there = Files.createDirectories(dir.resolve("build/proj/src")).resolve("a.c");
        Files.writeString(there, "int a;\n");
        SourceFiles files = new SourceFiles(new Session.Origin("test", module, null), List.of());
        SourceFiles.Result a = files.read(there.toString());
        assertEquals("int a;\n", a.text());
        assertEquals(there, a.path());

        // Built in gone/proj (no longer on this machine), moved with src/ beside the module.
        String gone = dir.resolve("gone/proj/src/b.c").toString();
        Files.createDirectories(module.resolve("src"));
        Files.writeString(module.resolve("src/b.c"), "int b;\n");
        SourceFiles.Result b = files.read(gone);
        assertEquals("int b;\n", b.text());
        assertEquals(module.resolve("src/b.c"), b.path());

        String elsewhere = dir.resolve("gone/proj/lib/c.c").toString();
        SourceFiles.Result missing = files.read(elsewhere);
        assertFalse(missing.found());
        assertEquals(List.of(Path.of(elsewhere), module.getParent().resolve("c.c"), module.resolve("c.c")), missing.lookedAt(),
                "the path itself, then by its name in the module folder's parent and in the module's folder");
        Path added = Files.createDirectories(dir.resolve("added/lib"));
        Files.writeString(added.resolve("c.c"), "int c;\n");
        SourceFiles.Result c = files.withFolders(List.of(dir.resolve("added"))).read(elsewhere);
        assertEquals(added.resolve("c.c"), c.path(), "by its tail lib/c.c under the added folder");
    }

    /**
     * What the window reads of lua.wasm's DWARF when it opens it (the source reader lists the files):
     * the units' roots and line table headers, not one line table's rows (201 units; a stop then reads
     * the one unit it is in).
     */
    @Test
    void openingTheSourceLevelReadsNoLineTable() throws Exception {
        byte[] lua = Files.readAllBytes(io.backstep.engine.RealWorld.wasm().resolve("lua.wasm"));
        io.backstep.engine.source.SourceModel model = io.backstep.engine.source.SourceModel.open(io.backstep.engine.Wasm.load(lua).module(), null);
        SourceReader reader = new SourceReader(model);
        assertTrue(reader.files().stream().anyMatch(f -> f.endsWith("/lvm.c")), reader.files().toString());
        var units = model.debugInfo().units();
        assertTrue(units.size() > 100, "lua has " + units.size() + " units");
        assertEquals(0, units.stream().filter(io.backstep.engine.debuginfo.CompileUnit::lineTableRead).count(), "line tables read");
        assertEquals(0, units.stream().filter(io.backstep.engine.debuginfo.CompileUnit::entriesRead).count(), "units whose entries were read");
    }

    @Test
    void inlinedCallsAreFramesOfTheirOwnOnTheirWasmFrame() {
        FrameInfo outer = new FrameInfo(0, 1, "main", 0x10, List.of(), List.of());
        FrameInfo inner = new FrameInfo(1, 2, "work", 0x40, List.of(), List.of());
        SourceStop source = new SourceStop(List.of(
            new SourceStop.Frame(0, 2, "helper", true, "./src/w.c", 7, 3, 0x40),
            new SourceStop.Frame(0, 2, "work", false, "./src/w.c", 20, 5, 0x40),
            new SourceStop.Frame(1, 1, "main", false, null, 0, 0, 0x10)), List.of(), List.of(), Map.of(), null);
        List<CallStackRow> rows = CallStackRow.of(List.of(outer, inner), source);
        assertEquals(3, rows.size());
        assertEquals("helper [inlined]  w.c:7", rows.get(0).text());
        assertEquals(inner, rows.get(0).frame());
        assertEquals("work  w.c:20", rows.get(1).text());
        assertEquals(inner, rows.get(1).frame());
        assertEquals("main  @0x000010", rows.get(2).text());
        assertEquals(outer, rows.get(2).frame());
        assertEquals(List.of("work  @0x000040", "main  @0x000010"),
            CallStackRow.of(List.of(outer, inner), null).stream().map(CallStackRow::text).toList());
    }
}
