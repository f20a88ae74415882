package io.backstep.app.dap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/** Serves DAP sessions: one over a pair of streams (stdin/stdout), or one per connection on a local port. */
public final class DapServer {
    private DapServer() {
    }

    /**
     * Runs one session over {@code in} and {@code out}; returns when the client disconnects or the input
     * ends.
     */
    public static void serve(InputStream in, OutputStream out) {
        // LSP4J logs protocol problems through java.util.logging; the client hears of them as error responses.
        Logger.getLogger("org.eclipse.lsp4j").setLevel(Level.OFF);
        DapSession session = new DapSession();
        // An editor may stop the adapter (SIGTERM) right after its disconnect is answered: the session
        // still releases its recording's journal, so no "killed run" is left in the store.
        java.lang.Thread onStop = new java.lang.Thread(session::close, "backstep-dap-shutdown");
        Runtime.getRuntime().addShutdownHook(onStop);
        Launcher<IDebugProtocolClient> launcher = new ProtocolLauncher(session, in, out).create();
        session.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Void> streamEnded = new CompletableFuture<>();
        java.lang.Thread watcher = new java.lang.Thread(() -> {
            try {
                listening.get();
            } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
                // the stream closed or broke: the session is over either way
            }
            streamEnded.complete(null);
        }, "backstep-dap-stream");
        watcher.setDaemon(true);
        watcher.start();
        CompletableFuture<Object> done = CompletableFuture.anyOf(session.ended(), streamEnded);
        try {
            done.get();
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // cannot happen: neither future fails
        }
        listening.cancel(true);
        session.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onStop);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway; closing twice is harmless
        }
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 picks a free port) and serves each connection as its own
     * session on its own thread, until the returned socket is closed. {@code log} hears of connections.
     */
    public static ServerSocket listen(int port, Consumer<String> log) throws IOException {
        ServerSocket server = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
        java.lang.Thread acceptor = new java.lang.Thread(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                java.lang.Thread session = new java.lang.Thread(() -> {
                    log.accept("client connected from port " + s.getPort());
                    try (s) {
                        serve(s.getInputStream(), s.getOutputStream());
                    } catch (IOException e) {
                        log.accept("connection failed: " + e.getMessage());
                    }
                    log.accept("client from port " + s.getPort() + " disconnected");
                }, "backstep-dap-connection");
                session.setDaemon(true);
                session.start();
            }
        }, "backstep-dap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
