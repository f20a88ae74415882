package io.backstep.app.dap;

import static io.backstep.app.dap.CorruptionSession.error;
import static io.backstep.app.dap.CorruptionSession.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.Cli;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceArguments;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFramePresentationHint;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.SteppingGranularity;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminateArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditions, hit conditions in both directions, programs that end or never end, globals as data
 * breakpoints; instruction-level debugging beside the source level, where sources come from, and
 * source-level requests that cannot be answered.
 */
class DapFeaturesTest {
    private ServerSocket listener;
    private Socket socket;
    private IDebugProtocolServer server;
    private RecordingClient client;

    @BeforeEach
    void connect() throws Exception {
        listener = DapServer.listen(0, m -> { });
        socket = new Socket(listener.getInetAddress(), listener.getLocalPort());
        client = new RecordingClient();
        Launcher<IDebugProtocolServer> l = DSPLauncher.createClientLauncher(client, socket.getInputStream(), socket.getOutputStream());
        l.startListening();
        server = l.getRemoteProxy();
        InitializeRequestArguments init = new InitializeRequestArguments();
        init.setAdapterID("backstep");
        get(server.initialize(init));
    }

    @AfterEach
    void disconnect() throws Exception {
        get(server.disconnect(new DisconnectArguments()));
        socket.close();
        listener.close();
    }

    private void launch(Map<String, Object> args) throws Exception {
        get(server.launch(args));
        client.await("initialized");
    }

    private void functionBreakpoint(String name, String condition, String hitCondition) throws Exception {
        functionBreakpoint(name, condition, hitCondition, true);
    }

    /** Replaces the function breakpoints by one on {@code name}. */
    private void functionBreakpoint(String name, String condition, String hitCondition, boolean verified) throws Exception {
        FunctionBreakpoint b = new FunctionBreakpoint();
        b.setName(name);
        b.setCondition(condition);
        b.setHitCondition(hitCondition);
        SetFunctionBreakpointsArguments a = new SetFunctionBreakpointsArguments();
        a.setBreakpoints(new FunctionBreakpoint[] {b});
        assertEquals(verified, get(server.setFunctionBreakpoints(a)).getBreakpoints()[0].isVerified());
    }

    private StackFrame top() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return get(server.stackTrace(a)).getStackFrames()[0];
    }

    private Variable[] scope(int frameId, String name) throws Exception {
        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(frameId);
        Scope s = Arrays.stream(get(server.scopes(sa)).getScopes()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
        VariablesArguments va = new VariablesArguments();
        va.setVariablesReference(s.getVariablesReference());
        return get(server.variables(va)).getVariables();
    }

    private String[] locals() throws Exception {
        return Arrays.stream(scope(top().getId(), "Locals")).map(v -> v.getName() + "=" + v.getValue()).toArray(String[]::new);
    }

    private StoppedEventArguments resume() throws Exception {
        get(server.continue_(new ContinueArguments()));
        return client.awaitStop();
    }

    private StackFrame[] stack() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return get(server.stackTrace(a)).getStackFrames();
    }

    private Breakpoint[] lineBreakpoints(Source source, int... lines) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        a.setSource(source);
        a.setBreakpoints(Arrays.stream(lines).mapToObj(l -> {
            SourceBreakpoint b = new SourceBreakpoint();
            b.setLine(l);
            return b;
        }).toArray(SourceBreakpoint[]::new));
        return get(server.setBreakpoints(a)).getBreakpoints();
    }

    private static Source path(String path) {
        Source s = new Source();
        s.setPath(path);
        return s;
    }

    /** The DWARF reader's test modules: types.c at -O2 inlines square() into mix(). */
    private static final Path TYPES = Path.of("..", "engine", "src", "test", "resources", "debuginfo").toAbsolutePath().normalize();

    private static int lineIn(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError("'" + text + "' is not in " + file);
    }

    @Test
    void anInlinedCallIsAFrameOfItsOwn() throws Exception {
        launch(Map.of("program", TYPES.resolve("types.O2.wasm").toString()));
        Path source = TYPES.resolve("types.c");
        int body = lineIn(source, "int sq = v * v;");
        Breakpoint b = lineBreakpoints(path(source.toString()), body)[0];
        assertTrue(b.isVerified(), b.getMessage());
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("breakpoint", client.awaitStop().getReason());
        StackFrame[] stack = stack();
        assertEquals("square (inlined)", stack[0].getName());
        assertEquals(b.getLine(), stack[0].getLine());
        assertEquals("mix", stack[1].getName());
        assertEquals(lineIn(source, "r += square(small);"), stack[1].getLine());
        assertEquals(stack[0].getInstructionPointerReference(), stack[1].getInstructionPointerReference(), "one Wasm frame");
        assertTrue(Files.isSameFile(source, Path.of(stack[1].getSource().getPath())));
        // Each shows its own variables: the inlined call its parameter, the caller its own.
        assertTrue(Arrays.stream(scope(stack[0].getId(), "Locals")).anyMatch(v -> v.getName().equals("v")));
        assertTrue(Arrays.stream(scope(stack[1].getId(), "Locals")).anyMatch(v -> v.getName().equals("big")));
    }

    @Test
    void debugInfoInASeparateFileIsFollowed() throws Exception {
        // types.stripped.wasm names types.debug.wasm (beside it) in its external_debug_info section.
        launch(Map.of("program", TYPES.resolve("types.stripped.wasm").toString()));
        functionBreakpoint("walk", null, null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        StackFrame walk = top();
        assertTrue(walk.getSource().getPath() != null && walk.getSource().getPath().endsWith("types.c"), String.valueOf(walk.getSource()));
        assertTrue(Arrays.stream(scope(walk.getId(), "Locals")).anyMatch(v -> v.getName().equals("head")));
        // The function breakpoint is after walk's prologue (as gdb's): at -O0 the argument is in the frame only from there.
        EvaluateArguments e = new EvaluateArguments();
        e.setExpression("head->value + head->next->value");
        e.setFrameId(walk.getId());
        assertEquals("30", get(server.evaluate(e)).getResult(), "first (10) and second (20)");
    }

    @Test
    void aLineBreakpointsHitConditionCountsItsHits() throws Exception {
        launch(Map.of("program", "corruption"));
        Source c = path("/elsewhere/src/corruption.c");
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        a.setSource(c);
        SourceBreakpoint third = new SourceBreakpoint();
        third.setLine(CorruptionSession.lineOf("board.rounds_played++;"));
        third.setHitCondition("3");
        a.setBreakpoints(new SourceBreakpoint[] {third});
        assertTrue(get(server.setBreakpoints(a)).getBreakpoints()[0].isVerified());
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("breakpoint", client.awaitStop().getReason());
        EvaluateArguments e = new EvaluateArguments();
        e.setExpression("board.rounds_played");
        e.setFrameId(top().getId());
        assertEquals("2", get(server.evaluate(e)).getResult(), "the third pass, before its increment");
    }

    @Test
    void aFunctionBreakpointTakesTheCName() throws Exception {
        launch(Map.of("program", "corruption"));
        functionBreakpoint("main", null, null); // __original_main in the name section
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("function breakpoint", client.awaitStop().getReason());
        assertEquals("main", top().getName());
    }

    @Test
    void lineStepsGoIntoAndOutOfCalls() throws Exception {
        launch(Map.of("program", "corruption"));
        int call = CorruptionSession.lineOf("        play_round();");
        assertTrue(lineBreakpoints(path("/elsewhere/src/corruption.c"), call)[0].isVerified());
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        StackFrame[] stack = stack();
        assertEquals("main", stack[0].getName());
        assertEquals(call, stack[0].getLine());
        // Start-up code without line information is greyed, the program's own frames are not.
        assertEquals(StackFramePresentationHint.SUBTLE, stack[stack.length - 1].getPresentationHint());
        assertEquals(StackFramePresentationHint.NORMAL, stack[0].getPresentationHint());
        get(server.stepIn(new StepInArguments()));
        assertEquals("step", client.awaitStop().getReason());
        StackFrame in = top();
        assertEquals("play_round", in.getName());
        int header = CorruptionSession.lineOf("NOINLINE static void play_round(void)");
        assertTrue(in.getLine() > header && in.getLine() <= CorruptionSession.lineOf("board.rounds_played++;"), "in play_round's body: " + in.getLine());
        get(server.stepOut(new StepOutArguments()));
        assertEquals("step", client.awaitStop().getReason());
        StackFrame out = top();
        assertEquals("main", out.getName());
        assertTrue(out.getLine() >= call && out.getLine() <= call + 2, "back in main after the call: " + out.getLine());
        // A line back from there is in main still, at the call or before it.
        get(server.stepBack(new StepBackArguments()));
        client.awaitStop();
        assertEquals("main", top().getName());
        assertTrue(top().getLine() <= out.getLine(), "stepped back: " + top().getLine());
    }

    @Test
    void instructionBreakpointsAndTheWebAssemblyTextStayAvailable() throws Exception {
        launch(Map.of("program", "corruption"));
        functionBreakpoint("fill_scores", null, null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("function breakpoint", client.awaitStop().getReason());
        StackFrame entry = top();
        // The first i32.store of fill_scores, found by disassembling from its entry.
        DisassembleArguments da = new DisassembleArguments();
        da.setMemoryReference(entry.getInstructionPointerReference());
        da.setInstructionCount(40);
        DisassembledInstruction store = Arrays.stream(get(server.disassemble(da)).getInstructions())
                .filter(i -> i.getInstruction().startsWith("i32.store")).findFirst().orElseThrow();
        functionBreakpoint("no_such_function_any_more", null, null, false);
        InstructionBreakpoint ib = new InstructionBreakpoint();
        ib.setInstructionReference(store.getAddress());
        SetInstructionBreakpointsArguments iba = new SetInstructionBreakpointsArguments();
        iba.setBreakpoints(new InstructionBreakpoint[] {ib});
        assertTrue(get(server.setInstructionBreakpoints(iba)).getBreakpoints()[0].isVerified());
        assertEquals("instruction breakpoint", resume().getReason());
        assertEquals(store.getAddress(), top().getInstructionPointerReference());
        // One instruction at a time, whatever the line.
        StepInArguments in = new StepInArguments();
        in.setGranularity(SteppingGranularity.INSTRUCTION);
        get(server.stepIn(in));
        client.awaitStop();
        assertNotEquals(store.getAddress(), top().getInstructionPointerReference());
        StepBackArguments back = new StepBackArguments();
        back.setGranularity(SteppingGranularity.INSTRUCTION);
        get(server.stepBack(back));
        client.awaitStop();
        assertEquals(store.getAddress(), top().getInstructionPointerReference());
        // The module's text is a source of its own, with breakpoints by its lines.
        Source wat = stack()[stack().length - 1].getSource();
        assertEquals("corruption.wat", wat.getName());
        SourceArguments sa = new SourceArguments();
        sa.setSource(wat);
        sa.setSourceReference(wat.getSourceReference());
        String text = get(server.source(sa)).getContent();
        int storeLine = store.getLine();
        assertTrue(text.lines().skip(storeLine - 1).findFirst().orElseThrow().contains("i32.store"), "disassembly lines are lines of the text");
        Breakpoint b = lineBreakpoints(wat, storeLine)[0];
        assertTrue(b.isVerified(), b.getMessage());
        assertEquals(store.getAddress(), b.getInstructionReference());
    }

    @Test
    void theBundledSamplesSourceIsServedByReference() throws Exception {
        launch(Map.of("program", "corruption"));
        functionBreakpoint("report", null, null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        StackFrame report = top();
        Source c = report.getSource();
        assertEquals("corruption.c", c.getName());
        assertNull(c.getPath());
        SourceArguments sa = new SourceArguments();
        sa.setSource(c);
        sa.setSourceReference(c.getSourceReference());
        String text = get(server.source(sa)).getContent();
        assertEquals(Files.readString(CorruptionSession.SOURCE), text);
        // A breakpoint in it, by that reference: the trap's line, reached from the function's start.
        int trapLine = CorruptionSession.lineOf("<- out-of-bounds load");
        Breakpoint b = lineBreakpoints(c, trapLine)[0];
        assertTrue(b.isVerified(), b.getMessage());
        functionBreakpoint("no_such_function_any_more", null, null, false);
        assertEquals("breakpoint", resume().getReason());
        assertEquals(trapLine, top().getLine());
        assertEquals(c.getSourceReference(), top().getSource().getSourceReference());
    }

    @Test
    void sourcesAreFoundThroughSourceFolders(@TempDir Path tmp) throws Exception {
        // The module alone in a folder: its DWARF path src/corruption.c is not beside it.
        Path module = Files.copy(CorruptionSession.PROGRAM, tmp.resolve("corruption.wasm"));
        launch(Map.of("program", module.toString(), "sourceFolders", List.of(CorruptionSession.PROGRAM.getParent().toString())));
        functionBreakpoint("report", null, null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        assertTrue(Files.isSameFile(CorruptionSession.SOURCE, Path.of(top().getSource().getPath())), top().getSource().getPath());
    }

    @Test
    void aMissingSourceShowsTheWebAssemblyTextAndSaysWhere(@TempDir Path tmp) throws Exception {
        Path module = Files.copy(CorruptionSession.PROGRAM, tmp.resolve("corruption.wasm"));
        launch(Map.of("program", module.toString()));
        functionBreakpoint("report", null, null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        StackFrame report = top();
        assertEquals("report", report.getName());
        assertEquals("corruption.wat", report.getSource().getName());
        assertTrue(client.console().contains("src/corruption.c not found"), client.console());
        assertTrue(client.console().contains("sourceFolders"), client.console());
        // C variables are there all the same.
        assertTrue(Arrays.stream(scope(report.getId(), "Locals")).anyMatch(v -> v.getName().equals("lead")));
    }

    @Test
    void aModuleWithoutDebugInfoSaysSoForSourceBreakpoints() throws Exception {
        launch(Map.of("program", "loop", "recordSteps", 10_000));
        Breakpoint b = lineBreakpoints(path("/home/someone/loop.c"), 3)[0];
        assertFalse(b.isVerified());
        assertTrue(b.getMessage().contains("no DWARF") && b.getMessage().contains("WebAssembly text"), b.getMessage());
    }

    @Test
    void badSourceRequestsGetClearAnswers() throws Exception {
        launch(Map.of("program", "corruption"));
        functionBreakpoint("fill_scores", null, null);
        Breakpoint[] bs = lineBreakpoints(path("/x/src/corruption.c"), 0, 100000);
        assertFalse(bs[0].isVerified());
        assertFalse(bs[1].isVerified());
        assertTrue(bs[1].getMessage().contains("100000"), bs[1].getMessage());
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        EvaluateArguments e = new EvaluateArguments();
        e.setFrameId(top().getId());
        for (String bad : new String[] {"board.", "board.nosuchmember", "*", "board.scores[", "(struct nosuch *) 0"}) {
            e.setExpression(bad);
            assertTrue(error(server.evaluate(e)).startsWith("'evaluate': "), bad);
        }
        DataBreakpointInfoArguments info = new DataBreakpointInfoArguments();
        info.setFrameId(top().getId());
        info.setName("board.rounds_played + 1");
        DataBreakpointInfoResponse r = get(server.dataBreakpointInfo(info));
        assertNull(r.getDataId());
        assertTrue(r.getDescription().contains("not in linear memory"), r.getDescription());
        // The session goes on.
        e.setExpression("board.rounds_played");
        assertEquals("0", get(server.evaluate(e)).getResult());
    }

    @Test
    void hitConditionCountsFromTheStartInBothDirections() throws Exception {
        launch(Map.of("program", "corruption", "stopOnEntry", true));
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("entry", client.awaitStop().getReason());
        functionBreakpoint("add_points", null, "== 3");
        assertEquals("function breakpoint", resume().getReason());
        String[] third = locals();
        // Backward, hits 2 and 1 do not satisfy '== 3': reverse-continue goes back to the start.
        get(server.reverseContinue(new ReverseContinueArguments()));
        assertTrue(client.awaitStop().getDescription().contains("Start of the recording"));
        // Without the hit condition, the third stop is the same call.
        functionBreakpoint("add_points", null, null);
        resume();
        resume();
        resume();
        assertArrayEquals(third, locals());
    }

    @Test
    void conditionSelectsHitsAndEvaluateSeesTheFrame() throws Exception {
        launch(Map.of("program", "corruption"));
        // add_points(p, points): a draw gives 1 point.
        functionBreakpoint("add_points", "$1 == 1", null);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("function breakpoint", client.awaitStop().getReason());
        EvaluateArguments e = new EvaluateArguments();
        e.setExpression("$1");
        e.setFrameId(top().getId());
        e.setContext("hover");
        assertEquals("1", get(server.evaluate(e)).getResult());
        e.setExpression("$1 / 0");
        assertTrue(error(server.evaluate(e)).contains("divides by zero"));
    }

    @Test
    void aProgramThatEndsReportsItsExitAndCanBeSteppedBack() throws Exception {
        launch(Map.of("program", "hello"));
        get(server.configurationDone(new ConfigurationDoneArguments()));
        ExitedEventArguments exited = (ExitedEventArguments) client.await("exited");
        assertEquals(0, exited.getExitCode());
        StoppedEventArguments end = client.awaitStop();
        assertTrue(end.getDescription().contains("exit status 0"), end.getDescription());
        assertTrue(client.output().contains("Hello from Backstep!"), client.output());
        get(server.stepBack(new StepBackArguments()));
        assertEquals("step", client.awaitStop().getReason());
        assertNotNull(top());
        get(server.terminate(new TerminateArguments()));
        client.await("terminated");
        assertTrue(error(server.continue_(new ContinueArguments())).contains("terminated"));
    }

    @Test
    void pauseStopsAProgramThatNeverEnds() throws Exception {
        // Far fewer steps than the loop runs: continuing records more until the pause.
        launch(Map.of("program", "loop", "recordSteps", 10_000));
        get(server.configurationDone(new ConfigurationDoneArguments()));
        get(server.pause(new PauseArguments()));
        assertEquals("pause", client.awaitStop().getReason());
        assertNotNull(top());
    }

    @Test
    void aSavedRecordingIsDebuggedWithoutRunningTheProgram(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("run.bstrace");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertEquals(Cli.TRAP, Cli.run(new String[] {"record", "-o", trace.toString(), "corruption"}, quiet, quiet));
        launch(Map.of("recording", trace.toString()));
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("exception", client.awaitStop().getReason());
        assertEquals("report", top().getName());
        assertTrue(client.output().contains("pre-season favourite is Ezra"), client.output());
        // A saved run cannot grow: continuing at its end stays there.
        assertEquals("exception", resume().getReason());
        get(server.stepBack(new StepBackArguments()));
        assertEquals("step", client.awaitStop().getReason());
    }

    @Test
    void aMutableGlobalIsADataBreakpoint() throws Exception {
        Map<String, Object> args = new HashMap<>();
        args.put("program", "corruption");
        args.put("stopOnEntry", true);
        launch(args);
        get(server.configurationDone(new ConfigurationDoneArguments()));
        client.awaitStop();
        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(top().getId());
        Scope globals = Arrays.stream(get(server.scopes(sa)).getScopes()).filter(s -> s.getName().equals("Globals")).findFirst().orElseThrow();
        VariablesArguments va = new VariablesArguments();
        va.setVariablesReference(globals.getVariablesReference());
        Variable g = get(server.variables(va)).getVariables()[0];
        DataBreakpointInfoArguments info = new DataBreakpointInfoArguments();
        info.setVariablesReference(globals.getVariablesReference());
        info.setName(g.getName());
        DataBreakpointInfoResponse r = get(server.dataBreakpointInfo(info));
        assertEquals("global:0", r.getDataId(), r.getDescription());
        // A local is not in memory: no dataId, and the description says why.
        Scope locals = Arrays.stream(get(server.scopes(sa)).getScopes()).filter(s -> s.getName().equals("Locals")).findFirst().orElseThrow();
        info.setVariablesReference(locals.getVariablesReference());
        info.setName("$0");
        DataBreakpointInfoResponse none = get(server.dataBreakpointInfo(info));
        assertNull(none.getDataId());
        assertTrue(none.getDescription().contains("cannot be watched"), none.getDescription());
    }
}
