package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DataBreakpoint;
import org.eclipse.lsp4j.debug.DataBreakpointAccessType;
import org.eclipse.lsp4j.debug.DataBreakpointInfoArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoResponse;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.ReadMemoryResponse;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetDataBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SourceArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;

/**
 * The corruption hunt a user does in an editor, driven through the protocol: stop at the store in
 * fill_scores by an instruction breakpoint, look at the stack and locals, step forward and back,
 * run to the trap (recording past the launch's budget), watch the corrupted pointer's bytes and
 * reverse-continue to the write that corrupted it, read memory, evaluate, and go back to the start.
 */
final class CorruptionSession {
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

    void run() throws Exception {
        InitializeRequestArguments init = new InitializeRequestArguments();
        init.setAdapterID("backstep");
        Capabilities caps = get(server.initialize(init));
        assertEquals(Boolean.TRUE, caps.getSupportsStepBack());
        assertEquals(Boolean.TRUE, caps.getSupportsDataBreakpoints());
        assertEquals(Boolean.TRUE, caps.getSupportsInstructionBreakpoints());

        // A budget far below the run's ~1 M steps: running to the trap must record the rest.
        get(server.launch(Map.of("program", "corruption", "recordSteps", 200_000)));
        client.await("initialized");

        // First stop: entry of fill_scores, by a function breakpoint.
        FunctionBreakpoint fb = new FunctionBreakpoint();
        fb.setName("fill_scores");
        SetFunctionBreakpointsArguments fba = new SetFunctionBreakpointsArguments();
        fba.setBreakpoints(new FunctionBreakpoint[] {fb});
        assertTrue(get(server.setFunctionBreakpoints(fba)).getBreakpoints()[0].isVerified());
        get(server.configurationDone(new ConfigurationDoneArguments()));
        StoppedEventArguments stop = client.awaitStop();
        assertEquals("function breakpoint", stop.getReason());
        StackFrame entry = top();
        assertEquals("fill_scores", entry.getName());

        // The first i32.store of fill_scores, found by disassembling from its entry.
        DisassembleArguments da = new DisassembleArguments();
        da.setMemoryReference(entry.getInstructionPointerReference());
        da.setInstructionCount(40);
        DisassembledInstruction store = Arrays.stream(get(server.disassemble(da)).getInstructions())
                .filter(i -> i.getInstruction().startsWith("i32.store")).findFirst().orElseThrow();
        fba.setBreakpoints(new FunctionBreakpoint[0]);
        get(server.setFunctionBreakpoints(fba));
        InstructionBreakpoint ib = new InstructionBreakpoint();
        ib.setInstructionReference(store.getAddress());
        SetInstructionBreakpointsArguments iba = new SetInstructionBreakpointsArguments();
        iba.setBreakpoints(new InstructionBreakpoint[] {ib});
        assertTrue(get(server.setInstructionBreakpoints(iba)).getBreakpoints()[0].isVerified());
        get(server.continue_(new ContinueArguments()));
        assertEquals("instruction breakpoint", client.awaitStop().getReason());
        StackFrame atStore = top();
        assertEquals(store.getAddress(), atStore.getInstructionPointerReference());
        assertEquals(store.getLine(), atStore.getLine());
        String[] frames = Arrays.stream(stack()).map(StackFrame::getName).toArray(String[]::new);
        assertEquals("fill_scores", frames[0], String.join(" <- ", frames));
        assertEquals("__original_main", frames[1], String.join(" <- ", frames));
        assertTrue(frames[frames.length - 1].startsWith("_start"), String.join(" <- ", frames));
        Variable[] locals = variables(atStore.getId(), "Locals");
        assertTrue(locals.length > 0, "fill_scores has locals");
        // The condition language evaluates in the frame: checked against the variables view.
        Variable first = locals[0];
        EvaluateArguments ea = new EvaluateArguments();
        ea.setExpression(first.getEvaluateName() + " + 1");
        ea.setFrameId(atStore.getId());
        ea.setContext("watch");
        EvaluateResponse sum = get(server.evaluate(ea));
        assertEquals(Long.toString(Long.parseLong(first.getValue()) + 1), sum.getResult());
        ea.setExpression("nosuchname + 1");
        assertTrue(error(server.evaluate(ea)).contains("nosuchname"));

        // One instruction forward, then back again onto the store.
        get(server.stepIn(new StepInArguments()));
        assertEquals("step", client.awaitStop().getReason());
        assertNotEquals(store.getAddress(), top().getInstructionPointerReference());
        get(server.stepBack(new StepBackArguments()));
        assertEquals("step", client.awaitStop().getReason());
        assertEquals(store.getAddress(), top().getInstructionPointerReference());

        // On to the trap, past the steps recorded at launch.
        iba.setBreakpoints(new InstructionBreakpoint[0]);
        get(server.setInstructionBreakpoints(iba));
        get(server.continue_(new ContinueArguments()));
        StoppedEventArguments trap = client.awaitStop();
        assertEquals("exception", trap.getReason());
        assertTrue(trap.getText().contains("out of bounds"), trap.getText());
        assertEquals("report", top().getName());
        Matcher m = LEADER.matcher(client.output());
        assertTrue(m.find(), "the program printed where board.leader lives: " + client.output());
        String leader = m.group(1);

        // Watch the 4 bytes of board.leader and go back to the write that corrupted them.
        DataBreakpointInfoArguments dia = new DataBreakpointInfoArguments();
        dia.setName(leader);
        dia.setAsAddress(true);
        dia.setBytes(4);
        DataBreakpointInfoResponse info = get(server.dataBreakpointInfo(dia));
        assertNotNull(info.getDataId(), info.getDescription());
        DataBreakpoint db = new DataBreakpoint();
        db.setDataId(info.getDataId());
        db.setAccessType(DataBreakpointAccessType.WRITE);
        SetDataBreakpointsArguments dba = new SetDataBreakpointsArguments();
        dba.setBreakpoints(new DataBreakpoint[] {db});
        assertTrue(get(server.setDataBreakpoints(dba)).getBreakpoints()[0].isVerified());
        get(server.reverseContinue(new ReverseContinueArguments()));
        assertEquals("data breakpoint", client.awaitStop().getReason());
        assertEquals("fill_scores", top().getName());
        ReadMemoryArguments rm = new ReadMemoryArguments();
        rm.setMemoryReference(leader);
        rm.setCount(4);
        ReadMemoryResponse bytes = get(server.readMemory(rm));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Base64.getDecoder().decode(bytes.getData()), "fill_scores just stored NO_SCORE (-1)");

        // The write before it: main setting the leader; before that, nothing but the start.
        get(server.reverseContinue(new ReverseContinueArguments()));
        assertEquals("data breakpoint", client.awaitStop().getReason());
        assertEquals("__original_main", top().getName());
        get(server.reverseContinue(new ReverseContinueArguments()));
        StoppedEventArguments start = client.awaitStop();
        assertTrue(start.getDescription().contains("Start of the recording"), start.getDescription());

        // The module's text is served as a source.
        SourceArguments sa = new SourceArguments();
        sa.setSource(top().getSource());
        sa.setSourceReference(top().getSource().getSourceReference());
        assertTrue(get(server.source(sa)).getContent().contains("(func $fill_scores"));

        get(server.disconnect(new DisconnectArguments()));
    }

    private StackFrame[] stack() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(1);
        return get(server.stackTrace(a)).getStackFrames();
    }

    private StackFrame top() throws Exception {
        return stack()[0];
    }

    private Variable[] variables(int frameId, String scope) throws Exception {
        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(frameId);
        Scope s = Arrays.stream(get(server.scopes(sa)).getScopes()).filter(x -> x.getName().equals(scope)).findFirst().orElseThrow();
        VariablesArguments va = new VariablesArguments();
        va.setVariablesReference(s.getVariablesReference());
        return get(server.variables(va)).getVariables();
    }
}
