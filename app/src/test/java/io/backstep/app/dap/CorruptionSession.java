package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DataBreakpoint;
import org.eclipse.lsp4j.debug.DataBreakpointAccessType;
import org.eclipse.lsp4j.debug.DataBreakpointInfoArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetDataBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.SteppingGranularity;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;

/**
 * The corruption hunt a C programmer does in an editor, driven through the protocol at the source
 * level: breakpoints on lines of corruption.c named by a path from another checkout (matched by
 * its path suffix; one line without code moved, one with a C condition), the stack with file and
 * line, C variables with the scoreboard struct expanded and its pointer's memory read, line steps
 * forward and back, a data breakpoint on {@code board.leader} met forward and then, from the trap,
 * by reverse-continue, C expressions, and the way back to the start.
 */
final class CorruptionSession {
    /** The sample with DWARF, from disk: its sources are found beside it (src/corruption.c). */
    static final Path PROGRAM = Path.of("..", "samples", "corruption.wasm").toAbsolutePath().normalize();
    static final Path SOURCE = PROGRAM.resolveSibling("src").resolve("corruption.c");
    /** How a client on another machine names the file: same tail, another prefix. */
    static final String CLIENT_PATH = "/home/someone/checkouts/backstep/samples/src/corruption.c";
    private static final Pattern LEADER = Pattern.compile("board\\.leader lives at (0x[0-9a-f]+)");

    private final IDebugProtocolServer server;
    private final RecordingClient client;

    CorruptionSession(IDebugProtocolServer server, RecordingClient client) {
        this.server = server;
        this.client = client;
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Say where the adapter's threads are, so a hang can be diagnosed from the report.
            StringBuilder dump = new StringBuilder("no response within 60 s; adapter threads:");
            Thread.getAllStackTraces().forEach((t, stack) -> {
                if (!t.getName().startsWith("backstep-dap")) return;
                dump.append("\n").append(t.getName()).append(" ").append(t.getState());
                for (StackTraceElement x : stack) dump.append("\n    at ").append(x);
            });
            throw new AssertionError(dump.toString(), e);
        }
    }

    /** The message of the error response {@code f} must end with. */
    static String error(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(ResponseErrorException.class, e.getCause()).getMessage();
    }

    /** The line in corruption.c where {@code text} is. */
    static int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError("'" + text + "' is not in " + SOURCE);
    }

    void run() throws Exception {
        InitializeRequestArguments init = new InitializeRequestArguments();
        init.setAdapterID("backstep");
        Capabilities caps = get(server.initialize(init));
        assertEquals(Boolean.TRUE, caps.getSupportsStepBack());
        assertEquals(Boolean.TRUE, caps.getSupportsDataBreakpoints());
        assertEquals(Boolean.TRUE, caps.getSupportsSteppingGranularity());

        // A budget far below the run's ~1 M steps: running to the trap must record the rest.
        get(server.launch(Map.of("program", PROGRAM.toString(), "recordSteps", 200_000)));
        client.await("initialized");

        // Lines of corruption.c, named by a path that exists only on the client's machine.
        int comment = lineOf("Resets the season"); // a comment: moves to the next line with code
        int roundsPlayed = lineOf("board.rounds_played++;");
        int store = lineOf("board.scores[i] = NO_SCORE;");
        Breakpoint[] bps = setLineBreakpoints(CLIENT_PATH, new int[] {comment, roundsPlayed, 5000}, new String[] {null, "board.rounds_played == 2", null});
        assertTrue(bps[0].isVerified(), bps[0].getMessage());
        assertTrue(bps[0].getLine() > comment && bps[0].getLine() < store, "moved into fill_scores: " + bps[0].getLine());
        assertTrue(bps[0].getMessage().contains("has no code"), bps[0].getMessage());
        assertTrue(bps[1].isVerified(), bps[1].getMessage());
        assertEquals(roundsPlayed, bps[1].getLine());
        assertNull(bps[1].getMessage());
        assertFalse(bps[2].isVerified());
        assertTrue(bps[2].getMessage().contains("5000"), bps[2].getMessage());
        Breakpoint unknown = setLineBreakpoints("/home/someone/nosuchfile.c", new int[] {3}, new String[] {null})[0];
        assertFalse(unknown.isVerified());
        assertTrue(unknown.getMessage().contains("no source file matches"), unknown.getMessage());

        // First stop: fill_scores, in the real file found beside the module.
        get(server.configurationDone(new ConfigurationDoneArguments()));
        assertEquals("breakpoint", client.awaitStop().getReason());
        StackFrame[] stack = stack();
        StackFrame entry = stack[0];
        assertEquals("fill_scores", entry.getName());
        assertTrue(Files.isSameFile(SOURCE, Path.of(entry.getSource().getPath())), entry.getSource().getPath());
        assertEquals(bps[0].getLine(), entry.getLine());
        assertTrue(entry.getColumn() >= 1);
        assertEquals("main", stack[1].getName());
        assertEquals(lineOf("fill_scores(n); /*"), stack[1].getLine());

        // The scoreboard, expanded: its leader pointer's memory reference is where the program said it lives.
        Variable board = variable(variables(scope(entry.getId(), "Globals")), "board");
        assertTrue(board.getType().contains("scoreboard"), board.getType());
        assertTrue(board.getVariablesReference() > 0, "a struct expands");
        Variable[] members = variables(board.getVariablesReference());
        assertEquals(List.of("scores", "leader", "rounds_played"), Arrays.stream(members).map(Variable::getName).toList());
        Variable scores = variable(members, "scores");
        assertEquals(8, variables(scores.getVariablesReference()).length);
        assertEquals("board.scores[3]", variables(scores.getVariablesReference())[3].getEvaluateName());
        Variable leader = variable(members, "leader");
        assertEquals("board.leader", leader.getEvaluateName());
        Matcher printed = LEADER.matcher(client.output());
        assertTrue(printed.find(), "the program printed where board.leader lives: " + client.output());
        assertEquals(Long.decode(printed.group(1)), Long.decode(leader.getMemoryReference()));
        byte[] pointer = readMemory(leader.getMemoryReference(), 4);
        assertEquals(Long.decode(leader.getValue().split(" ")[0]), littleEndian(pointer), "the bytes at the reference are the pointer shown");
        assertNotEquals(0xFFFFFFFFL, littleEndian(pointer), "not corrupted yet");
        DataBreakpointInfoArguments dia = new DataBreakpointInfoArguments();
        dia.setVariablesReference(board.getVariablesReference());
        dia.setName("leader");
        DataBreakpointInfoResponse leaderInfo = get(server.dataBreakpointInfo(dia));
        assertNotNull(leaderInfo.getDataId(), leaderInfo.getDescription());
        assertTrue(leaderInfo.getDescription().contains("board.leader"), leaderInfo.getDescription());

        // Two lines forward, then one back: onto the same instruction as after the first.
        NextArguments next = new NextArguments();
        next.setThreadId(1);
        get(server.next(next));
        assertEquals("step", client.awaitStop().getReason());
        StackFrame line1 = top();
        assertEquals("fill_scores", line1.getName());
        assertNotEquals(entry.getInstructionPointerReference(), line1.getInstructionPointerReference());
        get(server.next(next));
        assertEquals("step", client.awaitStop().getReason());
        StackFrame line2 = top();
        assertEquals("fill_scores", line2.getName());
        assertNotEquals(line1.getLine(), line2.getLine());
        get(server.stepBack(new StepBackArguments()));
        assertEquals("step", client.awaitStop().getReason());
        assertEquals(line1.getLine(), top().getLine());
        assertEquals(line1.getInstructionPointerReference(), top().getInstructionPointerReference());

        // Watch board.leader: forward, the corrupting store in fill_scores.
        setDataBreakpoint(leaderInfo.getDataId());
        StoppedEventArguments write = resume();
        assertEquals("data breakpoint", write.getReason());
        assertTrue(write.getDescription().contains("board.leader"), write.getDescription());
        StackFrame atWrite = top();
        assertEquals("fill_scores", atWrite.getName());
        assertTrue(Math.abs(atWrite.getLine() - store) <= 1, "at the store's line: " + atWrite.getLine());
        assertEquals("0xffffffff", evaluate("board.leader", atWrite.getId()).getResult());

        // On to the conditional breakpoint: a C condition on a global.
        setDataBreakpoint(null);
        assertEquals("breakpoint", resume().getReason());
        StackFrame round = top();
        assertEquals("play_round", round.getName());
        assertEquals(roundsPlayed, round.getLine());
        assertEquals("2", evaluate("board.rounds_played", round.getId()).getResult());
        long first = Long.parseLong(evaluate("board.scores[0]", round.getId()).getResult());
        assertEquals(Long.toString(first + 1000), evaluate("board.scores[0] + 1000", round.getId()).getResult());
        assertTrue(error(server.evaluate(args("board.(", round.getId()))).contains("evaluate"));
        assertTrue(error(server.evaluate(args("nosuchname * 2", round.getId()))).contains("nosuchname"));

        // The trap, in report(): the corrupted pointer, by its C name.
        setLineBreakpoints(CLIENT_PATH, new int[0], new String[0]);
        StoppedEventArguments trap = resume();
        assertEquals("exception", trap.getReason());
        assertTrue(trap.getText().contains("out of bounds"), trap.getText());
        StackFrame report = top();
        assertEquals("report", report.getName());
        assertEquals(lineOf("<- out-of-bounds load"), report.getLine());
        Variable lead = variable(variables(scope(report.getId(), "Locals")), "lead");
        assertEquals("0xffffffff", lead.getValue());
        assertTrue(lead.getType().contains("player"), lead.getType());

        // From the trap, back to the write that corrupted board.leader: named as C, in the frame.
        DataBreakpointInfoArguments byName = new DataBreakpointInfoArguments();
        byName.setName("board.leader");
        byName.setFrameId(report.getId());
        DataBreakpointInfoResponse info = get(server.dataBreakpointInfo(byName));
        assertEquals(leaderInfo.getDataId(), info.getDataId(), info.getDescription());
        setDataBreakpoint(info.getDataId());
        get(server.reverseContinue(new ReverseContinueArguments()));
        assertEquals("data breakpoint", client.awaitStop().getReason());
        StackFrame back = top();
        assertEquals(atWrite.getName(), back.getName());
        assertEquals(atWrite.getLine(), back.getLine());
        EvaluateResponse corrupted = evaluate("board.leader", back.getId());
        assertEquals("0xffffffff", corrupted.getResult());
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, readMemory(corrupted.getMemoryReference(), 4), "fill_scores just stored NO_SCORE (-1)");

        // One instruction back, by granularity: still in fill_scores, before the store.
        StepBackArguments instruction = new StepBackArguments();
        instruction.setGranularity(SteppingGranularity.INSTRUCTION);
        get(server.stepBack(instruction));
        assertEquals("step", client.awaitStop().getReason());
        assertEquals("fill_scores", top().getName());
        assertNotEquals(back.getInstructionPointerReference(), top().getInstructionPointerReference());
        assertNotEquals("0xffffffff", evaluate("board.leader", top().getId()).getResult());

        // The write before it: main setting the leader; before that, nothing but the start.
        get(server.reverseContinue(new ReverseContinueArguments()));
        assertEquals("data breakpoint", client.awaitStop().getReason());
        assertEquals("main", top().getName());
        // The stop is just after the store: on its line, or the next one when the store ends its line.
        int set = lineOf("board.leader = pick_leader();");
        assertTrue(top().getLine() == set || top().getLine() == set + 1, "at main's store: " + top().getLine());
        get(server.reverseContinue(new ReverseContinueArguments()));
        StoppedEventArguments start = client.awaitStop();
        assertTrue(start.getDescription().contains("Start of the recording"), start.getDescription());

        get(server.disconnect(new DisconnectArguments()));
    }

    private Breakpoint[] setLineBreakpoints(String path, int[] lines, String[] conditions) throws Exception {
        Source s = new Source();
        s.setPath(path);
        SourceBreakpoint[] bs = new SourceBreakpoint[lines.length];
        for (int i = 0; i < lines.length; i++) {
            bs[i] = new SourceBreakpoint();
            bs[i].setLine(lines[i]);
            bs[i].setCondition(conditions[i]);
        }
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        a.setSource(s);
        a.setBreakpoints(bs);
        return get(server.setBreakpoints(a)).getBreakpoints();
    }

    private void setDataBreakpoint(String dataId) throws Exception {
        SetDataBreakpointsArguments a = new SetDataBreakpointsArguments();
        if (dataId == null) {
            a.setBreakpoints(new DataBreakpoint[0]);
        } else {
            DataBreakpoint b = new DataBreakpoint();
            b.setDataId(dataId);
            b.setAccessType(DataBreakpointAccessType.WRITE);
            a.setBreakpoints(new DataBreakpoint[] {b});
            assertTrue(get(server.setDataBreakpoints(a)).getBreakpoints()[0].isVerified());
            return;
        }
        get(server.setDataBreakpoints(a));
    }

    private StoppedEventArguments resume() throws Exception {
        get(server.continue_(new ContinueArguments()));
        return client.awaitStop();
    }

    private static EvaluateArguments args(String expression, int frameId) {
        EvaluateArguments a = new EvaluateArguments();
        a.setExpression(expression);
        a.setFrameId(frameId);
        a.setContext("watch");
        return a;
    }

    private EvaluateResponse evaluate(String expression, int frameId) throws Exception {
        return get(server.evaluate(args(expression, frameId)));
    }

    private byte[] readMemory(String reference, int count) throws Exception {
        ReadMemoryArguments rm = new ReadMemoryArguments();
        rm.setMemoryReference(reference);
        rm.setCount(count);
        return Base64.getDecoder().decode(get(server.readMemory(rm)).getData());
    }

    private static long littleEndian(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    private StackFrame[] stack() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return get(server.stackTrace(a)).getStackFrames();
    }

    private StackFrame top() throws Exception {
        return stack()[0];
    }

    private int scope(int frameId, String name) throws Exception {
        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(frameId);
        Scope[] scopes = get(server.scopes(sa)).getScopes();
        return Arrays.stream(scopes).filter(x -> x.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no scope " + name + " in " + Arrays.stream(scopes).map(Scope::getName).toList()))
                .getVariablesReference();
    }

    private Variable[] variables(int reference) throws Exception {
        VariablesArguments va = new VariablesArguments();
        va.setVariablesReference(reference);
        return get(server.variables(va)).getVariables();
    }

    private static Variable variable(Variable[] vs, String name) {
        return Arrays.stream(vs).filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + name + " in " + Arrays.stream(vs).map(Variable::getName).toList()));
    }
}
