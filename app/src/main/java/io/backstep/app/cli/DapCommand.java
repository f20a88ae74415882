package io.backstep.app.cli;

import io.backstep.app.dap.DapServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code backstep dap [--port N]}: the Debug Adapter Protocol server, for editors. */
final class DapCommand implements CliCommand {
    private static final Option PORT = Option.value("--port", "N", "listen on 127.0.0.1:N instead of stdin/stdout (0 picks a free port)");

    private final PrintStream out;
    private final PrintStream err;

    DapCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override public String name() { return "dap"; }
    @Override public String summary() { return "Serve the Debug Adapter Protocol, for editors (VS Code, Neovim, ...)"; }
    @Override public List<Option> options() { return List.of(PORT); }

    @Override
    public String usage() {
        return """
            Usage: backstep dap [--port N]

            Speaks the Debug Adapter Protocol, so editors (VS Code, Neovim, Emacs, ...)
            can debug WebAssembly with Backstep, forward and backward. Without options
            one session runs on stdin/stdout. With --port N the server listens on
            127.0.0.1:N (0 picks a free port, printed on stderr); every connection is
            its own session. See 'In your editor' in docs/user-guide.md.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        a.noPositionals(name());
        Integer port = null;
        if (a.has(PORT)) {
            String v = a.value(PORT);
            try {
                port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) throw new CliException(Cli.USAGE, "--port needs a port number 0..65535, not '" + v + "'");
        }
        if (port == null) {
            // The protocol owns stdout: anything else printed by mistake goes to stderr instead.
            FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
            System.setOut(System.err);
            DapServer.serve(new FileInputStream(FileDescriptor.in), protocolOut);
            return Cli.OK;
        }
        ServerSocket server;
        try {
            server = DapServer.listen(port, m -> err.println("backstep dap: " + m));
        } catch (IOException e) {
            throw new CliException(Cli.ERROR, "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        err.println("backstep dap: listening on 127.0.0.1:" + server.getLocalPort());
        err.flush();
        try {
            new CountDownLatch(1).await(); // serves until the process is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
    }
}
