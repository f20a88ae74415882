package io.backstep.app;

import io.backstep.app.cli.Cli;
import io.backstep.app.cli.ConsoleStream;

/** Entry point of the executable jar. A plain class (not a JavaFX Application) so {@code java -jar} works. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // Chronicle Queue reports usage to an analytics server unless told not to; the launcher script
        // says so on its command line, and this covers `java -jar backstep.jar` too. Before any of its classes load.
        if (System.getProperty("chronicle.analytics.disable") == null) System.setProperty("chronicle.analytics.disable", "true");
        // Not System.out/err: their PrintStreams would hide the guest's write errors (see ConsoleStream).
        ConsoleStream out = ConsoleStream.stdout();
        ConsoleStream err = ConsoleStream.stderr();
        int status = Cli.run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
