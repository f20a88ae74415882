package io.backstep.app.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
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
        // The window appears at once, saying what it does, while the controls are built (about two
        // seconds of class loading and styling) and the first recording runs on its own thread.
        showStarting(stage);
        WindowTiming.mark("window shown");
        List<String> args = getParameters().getRaw();
        Platform.runLater(() -> {
            MainWindow w = new MainWindow(stage, Recorders.factory(), MainWindow.SETTINGS, window -> {
                if (args.isEmpty()) {
                    window.openSample(DEFAULT_SAMPLE);
                } else if (args.get(0).equals("--sample") && args.size() > 1) {
                    window.openSample(args.get(1));
                } else if (!args.get(0).equals("--empty")) {
                    window.openFile(Path.of(args.get(0)));
                }
            });
            WindowTiming.attach(w, stage.getScene());
            WindowTiming.mark("controls shown");
        });
    }

    private static void showStarting(Stage stage) {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setMaxSize(32, 32);
        Label text = new Label("Starting Backstep…");
        VBox box = new VBox(12, progress, text);
        box.setAlignment(Pos.CENTER);
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(new StackPane(box), Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight())));
        stage.setTitle("Backstep");
        stage.show();
    }

    /** Opens the window and blocks until it is closed. */
    public static void launchWindow(String... args) {
        Application.launch(DebuggerApp.class, args);
    }
}
