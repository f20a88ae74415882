package io.backstep.app.dap;

import static io.backstep.app.dap.CorruptionSession.error;
import static io.backstep.app.dap.CorruptionSession.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.Cli;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
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

/** Conditions, hit conditions in both directions, programs that end or never end, globals as data breakpoints. */
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
        FunctionBreakpoint b = new FunctionBreakpoint();
        b.setName(name);
        b.setCondition(condition);
        b.setHitCondition(hitCondition);
        SetFunctionBreakpointsArguments a = new SetFunctionBreakpointsArguments();
        a.setBreakpoints(new FunctionBreakpoint[] {b});
        assertTrue(get(server.setFunctionBreakpoints(a)).getBreakpoints()[0].isVerified());
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
