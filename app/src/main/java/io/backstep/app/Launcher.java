package io.backstep.app;

import io.backstep.app.cli.Cli;
import io.backstep.app.cli.ConsoleStream;

/** Entry point of the executable jar. A plain class (not a JavaFX Application) so {@code java -jar} works. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // Not System.out/err: their PrintStreams would hide the guest's write errors (see ConsoleStream).
        ConsoleStream out = ConsoleStream.stdout();
        ConsoleStream err = ConsoleStream.stderr();
        int status = Cli.run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
