package io.backstep.app;

import io.backstep.app.cli.Cli;

/** Entry point of the executable jar. A plain class (not a JavaFX Application) so {@code java -jar} works. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        int status = Cli.run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
