package io.backstep.app.ui;

import javafx.event.ActionEvent;
import javafx.geometry.VPos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/**
 * Program arguments, environment variables and preopened directories of a module: the answer is the
 * configuration to record it with. An entry that does not parse keeps the dialog open with the reason.
 */
final class RunSettingsDialog extends Dialog<RunSettings> {
    private final TextField args = new TextField();
    private final TextArea env = new TextArea();
    private final TextArea dirs = new TextArea();
    private final Label problem = new Label();

    RunSettingsDialog(Window owner, String name, RunSettings current) {
        initOwner(owner);
        setTitle("Run configuration — " + name);
        setHeaderText("How to run " + name + " (remembered for this module)");
        args.setId("run-args");
        args.setText(String.join(" ", current.args().stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()));
        args.setPromptText("arguments after argv[0]");
        env.setId("run-env");
        env.setText(String.join("\n", current.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        env.setPromptText("NAME=VALUE, one per line");
        env.setPrefRowCount(4);
        dirs.setId("run-dirs");
        dirs.setText(String.join("\n", current.dirs()));
        dirs.setPromptText("HOST_DIR or HOST_DIR::GUEST_DIR, one per line");
        dirs.setPrefRowCount(3);
        problem.setId("run-config-problem");
        problem.getStyleClass().add("form-problem");
        problem.setWrapText(true);
        problem.setManaged(false);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        // The labels' column never shrinks below their text (it did, to "…", when the fields asked for the width).
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(320);
        g.getColumnConstraints().addAll(labels, fields);
        g.addRow(0, new Label("Arguments"), args);
        g.addRow(1, topAligned(new Label("Environment")), env);
        g.addRow(2, topAligned(new Label("Directories")), dirs);
        g.add(problem, 1, 3);
        getDialogPane().setContent(g);
        getDialogPane().setMinWidth(Region.USE_PREF_SIZE);

        ButtonType record = new ButtonType("Record", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(record, ButtonType.CANCEL);
        Button recordButton = (Button) getDialogPane().lookupButton(record);
        recordButton.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                parse();
            } catch (IllegalArgumentException bad) {
                problem.setText(bad.getMessage());
                problem.setManaged(true);
                getDialogPane().getScene().getWindow().sizeToScene(); // room for the reason, fields keep their size
                e.consume();
            }
        });
        setResultConverter(bt -> bt == record ? parse() : null);
    }

    private static Label topAligned(Label l) {
        GridPane.setValignment(l, VPos.TOP);
        return l;
    }

    /** The configuration entered; throws IllegalArgumentException naming an entry that does not parse. */
    private RunSettings parse() {
        RunSettings cfg = new RunSettings(RunSettings.splitArgs(args.getText()), RunSettings.parseEnv(RunSettings.lines(env.getText())),
            RunSettings.lines(dirs.getText()));
        cfg.preopens(); // refuses a directory line that names no directory, before anything is saved
        return cfg;
    }
}
