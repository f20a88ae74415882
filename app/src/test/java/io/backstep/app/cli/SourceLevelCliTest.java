package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run, state, query and info at the source level, on the corruption sample (built with -O2 -g), and on
 * its -O0 build (engine/src/test/resources/debuginfo/corruption.O0.wasm), where locals are never
 * optimized out.
 */
@SuppressWarnings("unchecked")
class SourceLevelCliTest {
    @TempDir
    static Path dir;
    private static Path trace;
    private static List<String> source;
    private static final String SAMPLES = Path.of("../samples").toAbsolutePath().normalize().toString();

    @BeforeAll
    static void record() throws IOException {
        trace = dir.resolve("corruption.bstrace");
        CliTestSupport.run("record", "-o", trace.toString(), "corruption");
        assertTrue(Files.isRegularFile(trace));
        try (InputStream in = SourceLevelCliTest.class.getResourceAsStream("/samples/src/corruption.c")) {
            source = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        }
    }

    private static int line(String text) {
        for (int i = 0; i < source.size(); i++) if (source.get(i).contains(text)) return i + 1;
        throw new AssertionError("no line with " + text);
    }

    private static long endStep() {
        return (Long) MiniJson.object(CliTestSupport.run("info", trace.toString(), "--json").out()).get("steps");
    }

    @Test
    void aTrapsBacktraceNamesFileAndLineForEveryFrameWithLineInfo() {
        CliTestSupport.Result r = CliTestSupport.run("run", "corruption");
        assertEquals(Cli.TRAP, r.status());
        assertTrue(r.err().matches("(?s).*\\n  at report \\(func \\d+, offset 0x[0-9a-f]+\\) src/corruption\\.c:"
                + line("int32_t skill = lead->skill;") + "\\n.*"), r.err());
        assertTrue(r.err().matches("(?s).*\\n  at __original_main \\(func \\d+, offset 0x[0-9a-f]+\\) src/corruption\\.c:"
                + line("    report();") + "\\n.*"), r.err());
        // wasi-libc's entry point has DWARF too; the linker's export wrapper has none.
        assertTrue(r.err().matches("(?s).*\\n  at _start \\(func \\d+, offset 0x[0-9a-f]+\\) \\S+crt1-command\\.c:\\d+\\n.*"), r.err());
        assertTrue(r.err().matches("(?s).*\\n  at _start\\.command_export \\(func \\d+, offset 0x[0-9a-f]+\\)\\n.*"), r.err());
    }

    @Test
    void stateShowsTheSourcePositionAndTheVariablesInScope() {
        long end = endStep();
        Map<String, Object> j = MiniJson.object(CliTestSupport.run("state", trace.toString(), "--at", Long.toString(end), "--json").out());
        Map<String, Object> src = (Map<String, Object>) j.get("source");
        assertEquals("src/corruption.c", src.get("file"));
        assertEquals((long) line("int32_t skill = lead->skill;"), src.get("line"));
        assertTrue((Long) src.get("column") > 0);
        List<Object> vars = (List<Object>) j.get("variables");
        Map<String, Object> lead = (Map<String, Object>) vars.stream().filter(v -> "lead".equals(((Map<String, Object>) v).get("name"))).findFirst().orElseThrow();
        assertEquals("player *", lead.get("type"));
        assertEquals("0xffffffff", lead.get("value"));
        List<Object> frames = (List<Object>) j.get("sourceFrames");
        assertEquals("report", ((Map<String, Object>) frames.get(0)).get("function"));
        assertEquals("main", ((Map<String, Object>) frames.get(1)).get("function"));

        CliTestSupport.Result text = CliTestSupport.run("state", trace.toString(), "--at", Long.toString(end));
        assertTrue(text.out().contains("source: src/corruption.c:" + line("int32_t skill = lead->skill;") + ":"), text.out());
        assertTrue(text.out().contains("  player * lead = 0xffffffff\n"), text.out());

        Map<String, Object> early = MiniJson.object(CliTestSupport.run("state", trace.toString(), "--at", "0", "--json").out());
        assertNull(early.get("source"), "step 0 is in the linker's export wrapper, which has no line info");
        assertTrue(((List<Object>) early.get("variables")).isEmpty());
    }

    @Test
    void lastWriteOfACLvalueNamesTheWriterAndItsLine() {
        CliTestSupport.Result r = CliTestSupport.run("query", trace.toString(), "--last-write", "board.leader", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        assertEquals("board.leader", j.get("expression"));
        assertEquals(0xfd0L, j.get("address"), "the address the program prints for &board.leader");
        assertEquals(4L, j.get("length"));
        assertEquals("fill_scores", j.get("functionName"));
        Map<String, Object> src = (Map<String, Object>) j.get("source");
        assertEquals((long) line("board.scores[i] = NO_SCORE;"), src.get("line"));
        assertNull(j.get("nearestSourceCaller"), "the writer's own source is found");

        CliTestSupport.Result text = CliTestSupport.run("query", trace.toString(), "--last-write", "board.leader");
        assertTrue(text.out().contains("in fill_scores (func ") && text.out().contains(" at src/corruption.c:" + line("board.scores[i] = NO_SCORE;")),
                text.out());
    }

    @Test
    void aWriterWhoseSourceIsMissingAlsoNamesTheNearestCallerWhoseSourceIsFound() {
        // The last byte of the first player's name was last written by calloc's memset (wasi-libc, whose
        // sources are not on this machine); make_roster called calloc.
        CliTestSupport.Result r = CliTestSupport.run("query", trace.toString(), "--last-write", "roster->name[11]",
                "--source-dir", SAMPLES, "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        assertEquals("memset", j.get("functionName"));
        assertTrue(((String) ((Map<String, Object>) j.get("source")).get("file")).endsWith("musl/src/string/memset.c"), r.out());
        Map<String, Object> caller = (Map<String, Object>) j.get("nearestSourceCaller");
        assertNotNull(caller, r.out());
        assertEquals("make_roster", caller.get("function"));
        assertEquals((long) line("calloc(1, sizeof *p)"), ((Map<String, Object>) caller.get("source")).get("line"));

        CliTestSupport.Result text = CliTestSupport.run("query", trace.toString(), "--last-write", "roster->name[11]", "--source-dir", SAMPLES);
        assertTrue(text.out().contains("called from make_roster at src/corruption.c:" + line("calloc(1, sizeof *p)")), text.out());
    }

    /** The -O0 recording, made once when a test needs it. */
    private static Path o0;

    private static synchronized Path o0Trace() {
        if (o0 == null) {
            o0 = dir.resolve("corruption.O0.bstrace");
            CliTestSupport.run("record", "-o", o0.toString(), Path.of("../engine/src/test/resources/debuginfo/corruption.O0.wasm").toString());
            assertTrue(Files.isRegularFile(o0));
        }
        return o0;
    }

    private static Map<String, Object> named(List<Object> rows, String name) {
        return (Map<String, Object>) rows.stream().filter(v -> name.equals(((Map<String, Object>) v).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + rows));
    }

    /**
     * A C lvalue is evaluated in the state --before names: add_points's {@code p} is a variable only
     * there (at the end it is out of scope), and p->skill was last written by make_roster.
     */
    @Test
    void lastWriteBeforeAStepEvaluatesTheLvalueInThatStepsFrame() {
        Path trace = o0Trace();
        Map<String, Object> points = MiniJson.object(CliTestSupport.run("query", trace.toString(), "--last-write", "board.scores[0]", "--json").out());
        assertEquals("add_points", points.get("functionName"));
        long inAddPoints = (Long) points.get("step") - 1;

        CliTestSupport.Result r = CliTestSupport.run("query", trace.toString(), "--last-write", "p->skill",
                "--before", Long.toString(inAddPoints), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        assertEquals(inAddPoints, j.get("before"));
        assertEquals("int32_t", j.get("type"));
        assertEquals(4L, j.get("length"));
        assertEquals("make_roster", j.get("functionName"));
        assertEquals((long) line("p->skill = SKILLS[i];"), ((Map<String, Object>) j.get("source")).get("line"));
        assertTrue((Long) j.get("step") < inAddPoints);
        // The address is that of p->skill in add_points's frame, as state shows it there.
        List<Object> vars = (List<Object>) MiniJson.object(CliTestSupport.run("state", trace.toString(), "--at", Long.toString(inAddPoints), "--json").out()).get("variables");
        Map<String, Object> pointee = named((List<Object>) named(vars, "p").get("children"), "*p");
        assertEquals(named((List<Object>) pointee.get("children"), "skill").get("address"), j.get("address"));

        CliTestSupport.Result atEnd = CliTestSupport.run("query", trace.toString(), "--last-write", "p->skill");
        assertEquals(Cli.ERROR, atEnd.status());
        assertTrue(atEnd.err().contains("no variable 'p'"), atEnd.err());
    }

    /** state --json gives a pointer's target and a struct's members as "children", to a fixed depth. */
    @Test
    void stateJsonExpandsPointersAndStructsAsChildren() {
        Path trace = o0Trace();
        Map<String, Object> points = MiniJson.object(CliTestSupport.run("query", trace.toString(), "--last-write", "board.scores[0]", "--json").out());
        long inAddPoints = (Long) points.get("step") - 1;
        Map<String, Object> j = MiniJson.object(CliTestSupport.run("state", trace.toString(), "--at", Long.toString(inAddPoints), "--json").out());
        List<Object> vars = (List<Object>) j.get("variables");
        Map<String, Object> p = named(vars, "p");
        assertEquals("player *", p.get("type"));
        assertFalse(named(vars, "points").containsKey("children"), "a number has no children");
        List<Object> pc = (List<Object>) p.get("children");
        assertEquals(1, pc.size());
        Map<String, Object> pointee = (Map<String, Object>) pc.get(0);
        assertEquals("*p", pointee.get("name"));
        assertEquals("player", pointee.get("type"));
        assertEquals(Long.parseLong(((String) p.get("value")).substring(2), 16), pointee.get("address"), "the target is where p points");
        List<Object> members = (List<Object>) pointee.get("children");
        assertEquals(List.of("name", "skill", "wins", "slot", "next"), members.stream().map(m -> ((Map<String, Object>) m).get("name")).toList());
        long base = (Long) pointee.get("address");
        assertEquals(List.of(base, base + 12, base + 16, base + 20, base + 24),
                members.stream().map(m -> ((Map<String, Object>) m).get("address")).toList(), "struct player's layout on wasm32");
        String skill = (String) named(members, "skill").get("value");
        assertTrue(((String) pointee.get("value")).contains("skill = " + skill), pointee.get("value") + " vs " + skill);
        assertEquals(12L, ((List<Object>) named(members, "name").get("children")).size(), "char[12] has 12 elements");
        Map<String, Object> next = named(members, "next");
        Map<String, Object> nextTarget = (Map<String, Object>) ((List<Object>) next.get("children")).get(0);
        assertEquals("*next", nextTarget.get("name"));
        assertFalse(nextTarget.containsKey("children"), "children stop after three levels");
    }

    @Test
    void infoOnAModuleWithoutDebugInfoSaysSoAndWhy() {
        Path plain = dir.resolve("trap.bstrace");
        CliTestSupport.run("record", "-o", plain.toString(), "trap");
        Map<String, Object> d = (Map<String, Object>) MiniJson.object(CliTestSupport.run("info", plain.toString(), "--json").out()).get("debugInfo");
        assertEquals(false, d.get("present"));
        assertNull(d.get("dwarfVersion"));
        assertEquals(List.of(), d.get("sourceFiles"));
        assertEquals(0L, d.get("sourceFilesFound"));
        String status = (String) d.get("status");
        assertTrue(status.contains("no DWARF"), status);
        CliTestSupport.Result text = CliTestSupport.run("info", plain.toString());
        assertTrue(text.out().contains("\ndebug info: none (" + status + ")\n"), text.out());
    }

    @Test
    void badExpressionsAreOneLineErrors() {
        CliTestSupport.Result r = CliTestSupport.run("query", trace.toString(), "--last-write", "nosuch.x");
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().contains("no variable 'nosuch'") && r.err().trim().lines().count() == 1, r.err());
        CliTestSupport.Result local = CliTestSupport.run("query", trace.toString(), "--last-write", "board.leader->skill +");
        assertEquals(Cli.ERROR, local.status());
        assertTrue(local.err().trim().lines().count() == 1, local.err());
        CliTestSupport.Result dirMissing = CliTestSupport.run("info", trace.toString(), "--source-dir", dir.resolve("nope").toString());
        assertEquals(Cli.USAGE, dirMissing.status());
    }

    @Test
    void infoSaysWhetherTheModuleHasDebugInfoAndWhichSourcesAreFound() {
        Map<String, Object> j = MiniJson.object(CliTestSupport.run("info", trace.toString(), "--source-dir", SAMPLES, "--json").out());
        Map<String, Object> d = (Map<String, Object>) j.get("debugInfo");
        assertEquals(true, d.get("present"));
        assertEquals(4L, d.get("dwarfVersion"));
        List<Object> files = (List<Object>) d.get("sourceFiles");
        Map<String, Object> mine = (Map<String, Object>) files.stream()
                .filter(f -> ((String) ((Map<String, Object>) f).get("path")).endsWith("src/corruption.c")).findFirst().orElseThrow();
        assertEquals(Path.of(SAMPLES, "src", "corruption.c").toString(), mine.get("found"));
        assertTrue(files.stream().anyMatch(f -> ((String) ((Map<String, Object>) f).get("path")).endsWith("memset.c")
                && ((Map<String, Object>) f).get("found") == null), "wasi-libc's sources are not here");
        long found = files.stream().filter(f -> ((Map<String, Object>) f).get("found") != null).count();
        assertEquals(found, d.get("sourceFilesFound"));

        CliTestSupport.Result text = CliTestSupport.run("info", trace.toString(), "--source-dir", SAMPLES);
        assertTrue(text.out().contains("debug info: DWARF 4, " + files.size() + " source files, " + found + " found on this machine"), text.out());
    }
}
