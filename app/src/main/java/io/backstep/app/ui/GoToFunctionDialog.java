package io.backstep.app.ui;

import io.backstep.engine.model.WasmModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Go to Function: type part of a name (or an index) to filter the module's functions, Up/Down to
 * choose, Enter to go. A drop-down of 1,600 functions (bigprog) was unusable. The answer is the
 * function index.
 */
final class GoToFunctionDialog extends Dialog<Integer> {
    /** A defined function as listed: its index and the name the window shows. */
    record Entry(int index, String name) {
        @Override
        public String toString() {
            return name + "  [" + index + "]";
        }
    }

    private final TextField filter = new TextField();
    private final FilteredList<Entry> shown;
    private final ListView<Entry> list;

    GoToFunctionDialog(Window owner, WasmModule m) {
        initOwner(owner);
        setTitle("Go to function");
        setHeaderText("Function (type to filter, Enter to go)");
        List<Entry> all = new ArrayList<>();
        for (int i = m.importedFunctionCount(); i < m.functionCount(); i++) all.add(new Entry(i, StopPresenter.functionName(m, i)));
        shown = new FilteredList<>(FXCollections.observableList(all));
        list = new ListView<>(shown);
        list.setId("function-list");
        list.setPrefSize(460, 320);
        filter.setId("function-filter");
        filter.setPromptText("name or index, e.g. fill or 12");
        filter.textProperty().addListener((o, a, text) -> applyFilter(text));
        // Up/Down move through the list while typing goes on in the field.
        filter.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            int at = list.getSelectionModel().getSelectedIndex();
            if (e.getCode() == KeyCode.DOWN && at < shown.size() - 1) select(at + 1);
            else if (e.getCode() == KeyCode.UP && at > 0) select(at - 1);
            else return;
            e.consume();
        });
        getDialogPane().setContent(new VBox(8, filter, list));
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Go");
        ok.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) ok.fire();
        });
        setResultConverter(bt -> bt == ButtonType.OK && list.getSelectionModel().getSelectedItem() != null
            ? list.getSelectionModel().getSelectedItem().index() : null);
        setOnShown(e -> Platform.runLater(filter::requestFocus));
        applyFilter("");
    }

    private void applyFilter(String text) {
        String q = text.strip().toLowerCase(Locale.ROOT);
        shown.setPredicate(q.isEmpty() ? null : e -> matches(e, q));
        // Select the closest match: the exact name, else the first name starting with it, else the first.
        int best = shown.isEmpty() ? -1 : 0;
        for (int i = shown.size() - 1; i >= 0; i--) {
            String n = shown.get(i).name().toLowerCase(Locale.ROOT);
            if (n.equals(q) || Integer.toString(shown.get(i).index()).equals(q)) {
                best = i;
                break;
            }
            if (n.startsWith(q)) best = i;
        }
        if (best >= 0) select(best);
        else list.getSelectionModel().clearSelection();
    }

    private static boolean matches(Entry e, String q) {
        return e.name().toLowerCase(Locale.ROOT).contains(q) || Integer.toString(e.index()).equals(q);
    }

    private void select(int i) {
        list.getSelectionModel().select(i);
        list.scrollTo(Math.max(0, i - 3));
    }
}
