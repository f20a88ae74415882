package io.backstep.app.cli;

import io.backstep.app.dap.DapServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/** {@code backstep dap [--port N]}: the Debug Adapter Protocol server, for editors. */
final class DapCommand {
    static final String HELP = """
            Usage: backstep dap [--port N]

            Speaks the Debug Adapter Protocol, so editors (VS Code, Neovim, Emacs, ...)
            can debug WebAssembly with Backstep, forward and backward. Without options
            one session runs on stdin/stdout. With --port N the server listens on
            127.0.0.1:N (0 picks a free port, printed on stderr); every connection is
            its own session. See 'In your editor' in docs/user-guide.md.
            """;

    private final PrintStream out;
    private final PrintStream err;

    DapCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(ArgList a) {
        Integer port = null;
        while (a.hasNext()) {
            String w = a.take();
            if (w.equals("--help") || w.equals("-h")) {
                out.print(HELP);
                return Cli.OK;
            } else if (ArgList.is(w, "--port")) {
                String v = a.value(w, "--port");
                try {
                    port = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) throw new CliException(Cli.USAGE, "--port needs a port number 0..65535, not '" + v + "'");
            } else {
                throw new CliException(Cli.USAGE, "dap does not take '" + w + "' (try 'backstep dap --help')");
            }
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
