package io.backstep.app.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application. Parameters: none (opens the bundled {@code corruption} sample), a file path,
 * or {@code --sample NAME}.
 */
public final class DebuggerApp extends Application {
    /** The sample shown when the window is opened without a file. */
    public static final String DEFAULT_SAMPLE = "corruption";

    @Override
    public void start(Stage stage) {
        WindowTiming.mark("toolkit started");
        MainWindow w = new MainWindow(stage, Recorders.factory());
        WindowTiming.attach(w, stage.getScene());
        w.showWindow();
        WindowTiming.mark("window shown");
        List<String> args = getParameters().getRaw();
        if (args.isEmpty()) {
            w.openSample(DEFAULT_SAMPLE);
        } else if (args.get(0).equals("--sample") && args.size() > 1) {
            w.openSample(args.get(1));
        } else if (!args.get(0).equals("--empty")) {
            w.openFile(Path.of(args.get(0)));
        }
    }

    /** Opens the window and blocks until it is closed. */
    public static void launchWindow(String... args) {
        Application.launch(DebuggerApp.class, args);
    }
}
