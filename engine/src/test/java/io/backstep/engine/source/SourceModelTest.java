package io.backstep.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The source-level model on the engine's real state: types.c (engine/src/test/resources/debuginfo)
 * runs to a line breakpoint on its first printf, and frames, variables and C expressions there equal
 * what the program prints. At -O2 a value may be optimized out, but one that is shown is right.
 */
class SourceModelTest {
    static final Path RESOURCES = Path.of("src/test/resources/debuginfo").toAbsolutePath();
    private static final Pattern OUT = Pattern.compile(
            "total=(\\d+) mix=(\\d+) walk=(\\d+) color=(\\d+) op=(\\d+) counter=(\\d+) hello\\nflags a=(\\d+) b=(\\d+) c=(-?\\d+) d=(\\d+) grid=(\\d+) num=([0-9a-f]+)\\n");

    /** The types program stopped at the first printf, with what it prints when run to the end. */
    record Stop(SourceModel model, SourceFrame frame, FrameAccess access, Matcher printed, int line) { }

    static int printfLine() throws Exception {
        List<String> lines = Files.readAllLines(RESOURCES.resolve("types.c"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("printf(\"total=")) return i + 1;
        throw new AssertionError("no printf line");
    }

    static WasiProgram start(CompiledModule module, ByteArrayOutputStream out) {
        WasiProgram p = WasiProgram.instantiate(module, WasiHost.live(WasiConfig.builder().args("types").stdout(out).stderr(out).build()));
        p.machine().setJit(false);
        p.start();
        return p;
    }

    static Stop stopAtPrintf(String name) throws Exception {
        CompiledModule module = Wasm.load(Files.readAllBytes(RESOURCES.resolve(name + ".wasm")));
        SourceModel model = SourceModel.open(module.module(), null);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        start(module, whole).machine().run(Long.MAX_VALUE);
        Matcher m = OUT.matcher(whole.toString(StandardCharsets.UTF_8));
        assertTrue(m.matches(), whole.toString(StandardCharsets.UTF_8));

        int line = printfLine();
        LineBreakpoint bp = model.lineBreakpoint("types.c", line, module);
        assertEquals(line, bp.line());
        assertFalse(bp.moved());
        assertEquals(1, bp.positions().size(), bp.toString());
        LineBreakpoint.Position at = bp.positions().get(0);
        Stop s = runTo(module, model, at.functionIndex(), at.wasmOffset());
        return new Stop(model, s.frame(), s.access(), m, line);
    }

    /** The types program run (from its start) to the first time it reaches {@code wasmOffset} of function {@code fn}. */
    static Stop runTo(CompiledModule module, SourceModel model, int fn, int wasmOffset) {
        WasiProgram p = start(module, new ByteArrayOutputStream());
        Machine machine = p.machine();
        while (machine.status() == Machine.Status.PAUSED && machine.callDepth() > 0) {
            FrameView f = machine.frame(machine.callDepth() - 1);
            if (f.function().index() == fn && f.wasmOffset() == wasmOffset) break;
            machine.step();
        }
        FrameView f = machine.frame(machine.callDepth() - 1);
        assertEquals(wasmOffset, f.wasmOffset(), "the stop is reached");
        List<CodeFrame> stack = new ArrayList<>();
        for (int d = machine.callDepth() - 1; d >= 0; d--) {
            FrameView x = machine.frame(d);
            stack.add(new CodeFrame(x.function().index(), x.function().displayName(), x.wasmOffset(), d == machine.callDepth() - 1));
        }
        List<SourceFrame> frames = model.frames(stack);
        MachineFrameAccess access = new MachineFrameAccess(machine, machine.callDepth() - 1, p.instance());
        return new Stop(model, frames.get(0), access, null, frames.get(0).position().line());
    }

    private static List<String> variableNames(Stop s) {
        return s.model().variables(s.frame(), s.access()).stream().map(ValueNode::name).toList();
    }

    /**
     * A variable declared in a block is a variable only inside that block: sum_array's loop counter
     * {@code i} and the loop body's {@code v}, and mix's {@code scaled} (declared in an if), are absent
     * after the function's prologue and present inside their blocks, with the values the code gives them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"types.O0", "types.O0.dwarf5"})
    void aBlocksVariablesAreVisibleOnlyInsideTheBlock(String name) throws Exception {
        CompiledModule module = Wasm.load(Files.readAllBytes(RESOURCES.resolve(name + ".wasm")));
        SourceModel model = SourceModel.open(module.module(), null);
        List<String> lines = Files.readAllLines(RESOURCES.resolve("types.c"));

        int sumArray = model.functionNamed("sum_array", module);
        Stop entry = runTo(module, model, sumArray, model.entryOffset(module.function(sumArray)));
        assertEquals("sum_array", entry.frame().function());
        assertEquals(List.of("values", "n", "total"), variableNames(entry));
        Stop body = stopAtLine(module, model, lineOf(lines, "total += v;"));
        assertEquals("sum_array", body.frame().function());
        assertEquals(List.of("v", "i", "values", "n", "total"), variableNames(body), "innermost block first");
        assertEquals(0, num(body, "i"), "the first pass");
        assertEquals(1, num(body, "v"), "values[0]");

        int mix = model.functionNamed("mix", module);
        Stop mixEntry = runTo(module, model, mix, model.entryOffset(module.function(mix)));
        assertEquals(List.of("big", "small", "d", "r"), variableNames(mixEntry));
        Stop inIf = stopAtLine(module, model, lineOf(lines, "r += scaled;"));
        assertEquals(List.of("scaled", "big", "small", "d", "r"), variableNames(inIf));
        assertEquals(22, num(inIf, "scaled"), "(int) (2.25 * 10)");
        Stop afterIf = stopAtLine(module, model, lineOf(lines, "r += square(small);"));
        assertEquals(List.of("big", "small", "d", "r"), variableNames(afterIf), "the if block has ended");
    }

    private static int lineOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError("no line " + text);
    }

    private static Stop stopAtLine(CompiledModule module, SourceModel model, int line) {
        LineBreakpoint bp = model.lineBreakpoint("types.c", line, module);
        assertFalse(bp.moved(), bp.toString());
        LineBreakpoint.Position at = bp.positions().get(0);
        Stop s = runTo(module, model, at.functionIndex(), at.wasmOffset());
        assertEquals(line, s.line());
        return s;
    }

    private static CValue eval(Stop s, String expr) {
        return s.model().evaluate(expr, s.frame(), s.access());
    }

    private static long num(Stop s, String expr) {
        CValue v = eval(s, expr);
        assertTrue(v.available(), expr + ": " + v);
        return v.asLong(s.access());
    }

    @ParameterizedTest
    @ValueSource(strings = {"types.O0", "types.O0.dwarf5"})
    void atTheBreakpointVariablesAndExpressionsEqualWhatTheProgramPrints(String name) throws Exception {
        Stop s = stopAtPrintf(name);
        Matcher m = s.printed();
        assertEquals("main", s.frame().function());
        assertEquals(s.line(), s.frame().position().line());
        assertTrue(s.frame().position().file().matches("types.c"));

        Map<String, ValueNode> vars = new HashMap<>();
        for (ValueNode v : s.model().variables(s.frame(), s.access())) vars.put(v.name(), v);
        assertEquals(m.group(1), vars.get("total").text());
        assertEquals("int", vars.get("total").type());
        assertEquals(m.group(2), vars.get("m").text());
        assertEquals("long long", vars.get("m").type());
        assertEquals(m.group(3), vars.get("w").text());
        assertEquals("GREEN", vars.get("c").text(), "enum shown by name (the program prints " + m.group(4) + ")");
        assertEquals("5", m.group(4));
        assertEquals("int[5]", vars.get("values").type());
        assertEquals("[1, 2, 3, 4, 5]", vars.get("values").text());

        ValueNode second = vars.get("second");
        assertEquals("node", second.type());
        List<String> members = second.children().stream().map(ValueNode::name).toList();
        assertEquals(List.of("value", "next", "name", "weight", "pos", "grid", "color", "flags", "num", "op"), members);
        ValueNode grid = second.children().get(5);
        assertEquals("int[2][3]", grid.type());
        assertEquals("int[3]", grid.children().get(1).type());
        assertEquals(m.group(11), grid.children().get(1).children().get(2).text());
        ValueNode flags = second.children().get(7);
        assertEquals(List.of(m.group(7), m.group(8), m.group(9), m.group(10) + " '\\xc8'"),
                flags.children().stream().map(ValueNode::text).toList());
        assertTrue(second.children().get(2).text().endsWith(" \"second\""), second.children().get(2).text());
        assertEquals("BLUE", second.children().get(6).text());

        // A function pointer shows the table slot it holds: the element segment's slot of add.
        ValueNode op = second.children().get(9);
        assertEquals("int (*)(int, int)", op.type());
        assertEquals(String.format("0x%08x", tableSlotOf(s.model(), "add")), op.text());
        assertFalse(op.hasChildren(), "a function is not expanded");

        ValueNode first = vars.get("first");
        // A union shows each member over the same bytes: num = 0x01020304 as printed.
        ValueNode num = first.children().get(8);
        assertEquals("number", num.type());
        int numBits = (int) Long.parseLong(m.group(12), 16);
        assertEquals(List.of("i", "f", "bytes"), num.children().stream().map(ValueNode::name).toList());
        assertEquals(List.of("int", "float", "unsigned char[4]"), num.children().stream().map(ValueNode::type).toList());
        assertEquals(Integer.toString(numBits), num.children().get(0).text());
        assertEquals(Float.toString(Float.intBitsToFloat(numBits)), num.children().get(1).text());
        List<ValueNode> bytes = num.children().get(2).children();
        assertEquals(4, bytes.size());
        for (int i = 0; i < 4; i++) {
            assertEquals((numBits >>> (8 * i)) & 0xFF, bytes.get(i).value().asLong(s.access()), "bytes[" + i + "] (little-endian)");
        }
        ValueNode next = first.children().get(1);
        assertTrue(next.hasChildren());
        ValueNode pointee = next.children().get(0);
        assertEquals("*next", pointee.name());
        assertEquals("20", pointee.children().get(0).text(), "first.next->value through the pointer");

        // C expressions.
        assertEquals(20, num(s, "first.next->value"));
        assertEquals(Long.parseLong(m.group(11)), num(s, "second.grid[1][2]"));
        assertEquals(Long.parseLong(m.group(11)), num(s, "first.next->grid[1][2]"));
        assertEquals(Long.parseLong(m.group(12), 16), num(s, "first.num.i"));
        assertEquals(Long.parseLong(m.group(9)), num(s, "second.flags.c"));
        assertEquals(Long.parseLong(m.group(6)), num(s, "counter"));
        assertEquals(1, num(s, "&second == first.next"));
        assertEquals(1, num(s, "first.next == &second"));
        assertEquals('e', num(s, "first.next->name[1]"));
        assertEquals('s', num(s, "*second.name"));
        assertEquals(255, num(s, "(unsigned char) -1"));
        assertEquals(4294967295L, num(s, "(unsigned int) -1"));
        assertEquals(7, num(s, "values[4] + values[0] * 2"));
        assertEquals(5, num(s, "*(values + 4)"));
        assertEquals(4, num(s, "&values[4] - &values[0]"));
        assertEquals(1, num(s, "c == GREEN"));
        assertEquals(-2, num(s, "BLUE"));
        assertEquals(1, num(s, "second.color == BLUE && total == " + m.group(1)));
        assertEquals(1, num(s, "(uint) -1 > 0"), "typedef cast: unsigned comparison");
        assertEquals(0, num(s, "-1 > 0"));
        assertEquals(1, num(s, "-1 < 0u == 0"), "the usual arithmetic conversions make -1 unsigned");
        assertEquals(20, num(s, "((struct node *) first.next)->value"));
        assertEquals(Long.parseLong(m.group(1)) / 4, num(s, "total / 4"));
        assertEquals("point", eval(s, "second.pos").type().name());
        CValue addr = eval(s, "&first.pos.y");
        assertEquals("int *", addr.type().name());
        assertEquals(eval(s, "first").address() + 28, addr.asLong(s.access()), "pos.y is at offset 28 of struct node (wasm32)");

        assertError(s, "first->value", "'->' needs a pointer");
        assertError(s, "first.nosuch", "has no member 'nosuch'");
        assertError(s, "nosuch + 1", "no variable 'nosuch'");
        assertError(s, "total / 0", "division by zero");
        assertError(s, "first + 1", "not a number");
        assertError(s, "(struct nosuch *) 0", "no type named 'struct nosuch'");
        assertError(s, "*total", "cannot dereference");
    }

    /** The table slot the module's element segments put function {@code name} in (what a C pointer to it holds). */
    private static long tableSlotOf(SourceModel model, String name) {
        var module = model.module();
        for (var seg : module.elements()) {
            if (seg.offset() == null) continue;
            for (int i = 0; i < seg.items().length; i++) {
                var item = seg.items()[i];
                if (item.kind() == io.backstep.engine.model.ConstExpr.Kind.REF_FUNC && name.equals(module.functionName(item.index()))) {
                    return seg.offset().lo() + i;
                }
            }
        }
        throw new AssertionError("no table slot holds " + name);
    }

    private static void assertError(Stop s, String expr, String message) {
        CExprException e = assertThrows(CExprException.class, () -> eval(s, expr));
        assertTrue(e.getMessage().contains(message), expr + ": " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"types.O2", "types.O2.dwarf5"})
    void optimizedCodeShowsRightValuesOrSaysOptimizedOut(String name) throws Exception {
        Stop s = stopAtPrintf(name);
        Matcher m = s.printed();
        Map<String, String> printed = Map.of("total", m.group(1), "m", m.group(2), "w", m.group(3));
        int seen = 0;
        for (ValueNode v : s.model().variables(s.frame(), s.access())) {
            String want = printed.get(v.name());
            if (want == null) continue;
            seen++;
            if (v.value().available()) {
                assertEquals(want, v.text(), v.name());
            } else {
                assertTrue(v.text().startsWith("<"), v.name() + ": " + v.text());
            }
        }
        assertEquals(3, seen, "total, m and w are in scope");
        // At -O2 the entry of values has no location at all: it is shown as optimized out, never guessed.
        ValueNode values = s.model().variables(s.frame(), s.access()).stream().filter(v -> v.name().equals("values")).findFirst().orElseThrow();
        assertEquals("int[5]", values.type());
        assertEquals("<optimized out>", values.text());
        assertFalse(values.hasChildren());
    }

    @Test
    void lineBreakpointsMatchPathsByTheirLongestCommonSuffixAndMoveToTheNextLineWithCode() throws Exception {
        CompiledModule module = Wasm.load(Files.readAllBytes(RESOURCES.resolve("types.O0.wasm")));
        SourceModel model = SourceModel.open(module.module(), null);
        int line = printfLine();
        LineBreakpoint plain = model.lineBreakpoint("types.c", line, module);
        assertEquals(plain.positions(), model.lineBreakpoint("/home/someone/project/types.c", line, module).positions());
        assertEquals(plain.positions(), model.lineBreakpoint(RESOURCES.resolve("types.c").toString(), line, module).positions());
        assertEquals("./types.c", plain.file());
        // Line 83 is blank: the breakpoint moves to main's first line with code, and says so.
        LineBreakpoint moved = model.lineBreakpoint("types.c", 83, module);
        assertTrue(moved.moved());
        assertTrue(moved.line() > 83 && moved.line() <= 86, moved.toString());
        assertEquals("main", model.framesOf(new CodeFrame(moved.positions().get(0).functionIndex(), "?", moved.positions().get(0).wasmOffset(), true)).get(0).function());
        SourceException e = assertThrows(SourceException.class, () -> model.lineBreakpoint("nosuch.c", 3, module));
        assertTrue(e.getMessage().contains("no source file matches 'nosuch.c'"), e.getMessage());
    }

    @Test
    void aModuleWithoutDwarfHasNoSourceInformationAndSaysWhy() throws Exception {
        CompiledModule module = Wasm.load(Files.readAllBytes(RESOURCES.resolve("types.stripped.wasm")));
        SourceModel model = SourceModel.open(module.module(), null);
        assertFalse(model.available());
        assertTrue(model.status().contains("no DWARF"), model.status());
        assertEquals(List.of(), model.sourceFiles());
        List<SourceFrame> frames = model.frames(List.of(new CodeFrame(module.module().importedFunctionCount(), "f", 0, true)));
        assertEquals(1, frames.size());
        assertEquals(null, frames.get(0).position());
        assertThrows(SourceException.class, () -> model.lineBreakpoint("types.c", 94, module));
        assertNotNull(model.stepPoint(module.functions()[0], 0));
        SourceModel external = SourceModel.open(module.module(), RESOURCES);
        assertTrue(external.available(), external.status());
    }

    /**
     * The source model stays as lazy as the reader: the list of source files (read from the line tables'
     * headers) and a stop in lua's luaV_execute (frames, variables, step point) read one unit's entries
     * and line table of lua.wasm's 201.
     */
    @Test
    void aStopInLuaReadsOneUnit() throws Exception {
        CompiledModule lua = Wasm.load(Files.readAllBytes(io.backstep.engine.RealWorld.wasm().resolve("lua.wasm")));
        SourceModel model = SourceModel.open(lua.module(), null);
        // The window lists the module's files when it opens: from the line tables' headers alone.
        List<io.backstep.engine.debuginfo.SourceFile> files = model.sourceFiles();
        assertTrue(files.stream().anyMatch(f -> f.path().endsWith("/lvm.c")), files.toString());
        int fn = -1;
        for (int i = lua.module().importedFunctionCount(); i < lua.module().functionCount(); i++) {
            if ("luaV_execute".equals(lua.module().functionName(i))) fn = i;
        }
        CompiledFunction code = lua.function(fn);
        int k = code.instructionCount() / 2;
        while (model.position(code.wasmOffset(code.instructionPc(k))) == null) k++; // -O2 has line-0 rows
        int offset = code.wasmOffset(code.instructionPc(k));
        List<SourceFrame> frames = model.frames(List.of(new CodeFrame(fn, "luaV_execute", offset, true)));
        assertEquals("luaV_execute", frames.get(frames.size() - 1).function());
        assertTrue(frames.get(0).position().file().path().endsWith(".c"), frames.get(0).position().file().path());
        assertTrue(model.variables(frames.get(frames.size() - 1), new FrameAccess() {
            public long local(int i) { return 0; }
            public long global(int i) { return 0; }
            public long operand(int i) { return 0; }
            public boolean readMemory(long a, byte[] d) { return false; }
        }).stream().anyMatch(v -> v.name().equals("L") && v.type().equals("lua_State *")));
        model.stepPoint(code, offset);
        var units = model.debugInfo().units();
        assertTrue(units.size() > 30);
        assertEquals(1, units.stream().filter(io.backstep.engine.debuginfo.CompileUnit::entriesRead).count(), "units whose entries were read");
        assertEquals(1, units.stream().filter(io.backstep.engine.debuginfo.CompileUnit::lineTableRead).count(), "line tables read");
        // The headers' files are the files of the tables read in full.
        java.util.Set<String> full = new java.util.LinkedHashSet<>();
        for (var u : units) {
            var t = u.lineTable();
            if (t == null) continue;
            for (int f = t.firstFileIndex(); f < t.firstFileIndex() + t.fileCount(); f++) full.add(t.file(f).path());
        }
        assertEquals(List.copyOf(full), files.stream().map(io.backstep.engine.debuginfo.SourceFile::path).toList());
    }
}
