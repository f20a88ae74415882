package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.backstep.app.cli.ChildCli;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter driven as an editor drives it, with LSP4J's client side: over stdio and over a socket. */
class DapServerTest {
    @TempDir
    Path tmp;

    /** {@code backstep dap} in a JVM of its own, the protocol on its stdin/stdout. */
    @Test
    void corruptionHuntOverStdio() throws Exception {
        Path stderr = tmp.resolve("stderr.txt");
        Process p = ChildCli.of(List.of("-Dbackstep.journals=" + System.getProperty("backstep.journals")), "dap")
                .redirectError(stderr.toFile()).start();
        try {
            RecordingClient client = new RecordingClient();
            Launcher<IDebugProtocolServer> l = DSPLauncher.createClientLauncher(client, p.getInputStream(), p.getOutputStream());
            l.startListening();
            new CorruptionSession(l.getRemoteProxy(), client).run();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the adapter exits after disconnect");
            assertEquals(0, p.exitValue(), Files.readString(stderr));
        } finally {
            p.destroyForcibly();
        }
    }

    /** An editor that stops the adapter (SIGTERM) instead of waiting for it to exit leaves no journal behind. */
    @Test
    void stoppingTheAdapterReleasesItsRecording() throws Exception {
        Path journals = Path.of(System.getProperty("backstep.journals"));
        Process p = ChildCli.of(List.of("-Dbackstep.journals=" + journals), "dap").redirectError(tmp.resolve("stderr.txt").toFile()).start();
        try {
            RecordingClient client = new RecordingClient();
            Launcher<IDebugProtocolServer> l = DSPLauncher.createClientLauncher(client, p.getInputStream(), p.getOutputStream());
            l.startListening();
            IDebugProtocolServer server = l.getRemoteProxy();
            org.eclipse.lsp4j.debug.InitializeRequestArguments init = new org.eclipse.lsp4j.debug.InitializeRequestArguments();
            init.setAdapterID("backstep");
            CorruptionSession.get(server.initialize(init));
            CorruptionSession.get(server.launch(java.util.Map.of("program", "corruption")));
            String mine = "recording-" + p.pid() + "-";
            assertTrue(journalsOf(journals, mine) > 0, "the launch recorded into the store");
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the adapter stops on SIGTERM");
            assertEquals(0, journalsOf(journals, mine), "its journal was released");
        } finally {
            p.destroyForcibly();
        }
    }

    private static long journalsOf(Path store, String prefix) throws java.io.IOException {
        if (!Files.isDirectory(store)) return 0;
        try (var s = Files.list(store)) {
            return s.filter(d -> d.getFileName().toString().startsWith(prefix)).count();
        }
    }

    /** {@code backstep dap --port N}: each connection is a session of its own. */
    @Test
    void corruptionHuntOverSocketThenAnotherSession() throws Exception {
        try (ServerSocket server = DapServer.listen(0, m -> { })) {
            try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                RecordingClient client = new RecordingClient();
                Launcher<IDebugProtocolServer> l = DSPLauncher.createClientLauncher(client, s.getInputStream(), s.getOutputStream());
                l.startListening();
                new CorruptionSession(l.getRemoteProxy(), client).run();
            }
            try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                RawWire w = new RawWire(s.getInputStream(), s.getOutputStream());
                JsonObject r = w.request(1, "initialize", "{\"adapterID\":\"backstep\"}");
                assertTrue(r.get("success").getAsBoolean(), r.toString());
                assertTrue(r.getAsJsonObject("body").get("supportsStepBack").getAsBoolean());
            }
        }
    }

    /** Garbage, unknown commands and requests out of order get error responses; the session lives on. */
    @Test
    void badRequestsGetErrorResponses() throws Exception {
        try (ServerSocket server = DapServer.listen(0, m -> { });
             Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
            RawWire w = new RawWire(s.getInputStream(), s.getOutputStream());
            w.send("{this is not json");
            assertError(w.response(), "malformed message");
            w.send("{\"seq\":5,\"type\":\"request\",\"command\":\"launch\",\"arguments\":[1,2");
            JsonObject truncated = w.response();
            assertFalse(truncated.get("success").getAsBoolean());
            assertEquals(5, truncated.get("request_seq").getAsInt());
            assertError(w.request(6, "frobnicate", "{}"), "frobnicate");
            assertError(w.request(7, "stackTrace", "{\"threadId\":1}"), "send 'initialize'");
            assertError(w.request(8, "launch", "{\"program\":\"corruption\"}"), "send 'initialize' first");
            assertTrue(w.request(9, "initialize", "{\"adapterID\":\"x\"}").get("success").getAsBoolean());
            assertError(w.request(10, "initialize", "{\"adapterID\":\"x\"}"), "already initialized");
            assertError(w.request(11, "continue", "{\"threadId\":1}"), "send 'launch' first");
            assertError(w.request(12, "launch", "{}"), "'program'");
            assertError(w.request(13, "launch", "{\"program\":\"no-such-program\"}"), "no bundled sample 'no-such-program'");
            assertError(w.request(14, "launch", "{\"program\":\"corruption\",\"args\":\"not a list\"}"), "'args' must be an array");
            assertTrue(w.request(15, "launch", "{\"program\":\"corruption\",\"stopOnEntry\":true}").get("success").getAsBoolean());
            assertError(w.request(16, "continue", "{\"threadId\":1}"), "configurationDone");
            JsonObject bad = w.request(17, "setBreakpoints", "{\"source\":{\"path\":\"/src/nosuchfile.c\"},\"breakpoints\":[{\"line\":3}]}");
            assertTrue(bad.get("success").getAsBoolean());
            JsonObject bp = bad.getAsJsonObject("body").getAsJsonArray("breakpoints").get(0).getAsJsonObject();
            assertFalse(bp.get("verified").getAsBoolean());
            assertTrue(bp.get("message").getAsString().contains("no source file matches"), bp.toString());
            JsonObject fb = w.request(18, "setFunctionBreakpoints", "{\"breakpoints\":[{\"name\":\"no_such_function\"},{\"name\":\"report\",\"condition\":\"1 +\"}]}");
            for (var b : fb.getAsJsonObject("body").getAsJsonArray("breakpoints")) {
                assertFalse(b.getAsJsonObject().get("verified").getAsBoolean(), b.toString());
                assertTrue(b.getAsJsonObject().has("message"), b.toString());
            }
            assertTrue(w.request(19, "configurationDone", "{}").get("success").getAsBoolean());
            JsonObject entry = w.event("stopped");
            assertEquals("entry", entry.getAsJsonObject("body").get("reason").getAsString(), entry.toString());
            assertError(w.request(20, "configurationDone", "{}"), "already done");
            assertError(w.request(21, "readMemory", "{\"memoryReference\":\"zz\",\"count\":4}"), "not an address");
            assertError(w.request(22, "variables", "{\"variablesReference\":99}"), "not valid");
            assertError(w.request(23, "scopes", "{\"frameId\":42}"), "frameId 42");
            assertError(w.request(24, "source", "{\"sourceReference\":7}"), "no source");
            // Reverse at the start stops there, saying so.
            assertTrue(w.request(25, "reverseContinue", "{\"threadId\":1}").get("success").getAsBoolean());
            JsonObject start = w.event("stopped");
            assertTrue(start.getAsJsonObject("body").get("description").getAsString().contains("Start of the recording"), start.toString());
            assertTrue(w.request(26, "disconnect", "{}").get("success").getAsBoolean());
        }
    }

    private static void assertError(JsonObject response, String expected) {
        assertFalse(response.get("success").getAsBoolean(), response.toString());
        String message = response.get("message").getAsString();
        assertTrue(message.contains(expected), "'" + message + "' should mention '" + expected + "'");
    }
}
