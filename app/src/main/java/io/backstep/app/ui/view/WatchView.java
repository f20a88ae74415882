package io.backstep.app.ui.view;

import io.backstep.app.ui.SourceVar;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The watch list: C expressions typed by the user ({@code st.divisor}, {@code p->next}, {@code a[3]}),
 * each shown as a value tree at every stop. The expressions are the window's; this view edits them
 * through {@link #setOnAdd} and {@link #setOnRemove}.
 */
public final class WatchView extends BorderPane {
    private final SourceVariablesView tree = new SourceVariablesView("No watch expressions. Type a C expression above.");
    private final TextField input = new TextField();
    private Consumer<String> onAdd = e -> { };
    private Consumer<String> onRemove = e -> { };

    public WatchView() {
        tree.setId("watches");
        input.setId("watch-input");
        input.setPromptText("C expression, e.g. board.leader or p->next");
        input.setOnAction(e -> add());
        HBox.setHgrow(input, Priority.ALWAYS);
        Button add = new Button("Add");
        add.setId("add-watch");
        add.setOnAction(e -> add());
        Button remove = new Button("Remove");
        remove.setId("remove-watch");
        remove.setOnAction(e -> {
            TreeItem<SourceVar> sel = tree.getSelectionModel().getSelectedItem();
            while (sel != null && sel.getParent() != null && sel.getParent() != tree.getRoot()) sel = sel.getParent();
            if (sel != null && sel.getValue() != null) onRemove.accept(sel.getValue().name());
        });
        remove.disableProperty().bind(tree.getSelectionModel().selectedItemProperty().isNull());
        add.getStyleClass().add("small");
        remove.getStyleClass().add("small");
        HBox bar = new HBox(6, input, add, remove);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 6, 3, 6));
        bar.getStyleClass().add("view-toolbar");
        setTop(bar);
        setCenter(tree);
    }

    public SourceVariablesView tree() {
        return tree;
    }

    public TextField input() {
        return input;
    }

    public void setOnAdd(Consumer<String> action) {
        onAdd = action;
    }

    public void setOnRemove(Consumer<String> action) {
        onRemove = action;
    }

    private void add() {
        String e = input.getText().strip();
        if (e.isEmpty()) return;
        onAdd.accept(e);
        input.clear();
    }
}
