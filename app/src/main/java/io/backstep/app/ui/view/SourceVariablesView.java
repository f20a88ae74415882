package io.backstep.app.ui.view;

import io.backstep.app.ui.SourceVar;
import io.backstep.engine.text.SafeText;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

/**
 * Variables as the source names them: name, C type and value in a tree where structs, unions, arrays
 * and pointers expand. Rows are {@link SourceVar}s read at the stop; expanding a row whose children
 * were not read asks the window's loader for them. Values that differ from the previous stop (same
 * row path) get the {@code changed} style, as in {@link VariablesView}.
 */
public final class SourceVariablesView extends TreeTableView<SourceVar> {
    /** Reads the children of a row and hands them to the consumer (on the FX thread, possibly later). */
    public interface Loader {
        void load(SourceVar row, Consumer<List<SourceVar>> children);
    }

    /** An entry of the rows' context menu, offered for the rows {@code applies} accepts. */
    public record RowAction(String id, String label, Predicate<SourceVar> applies, Consumer<SourceVar> action) {
    }

    private static final SourceVar LOADING = new SourceVar("", "…", "", "", false, null, -1, 0);
    private final Set<String> expanded = new HashSet<>();
    private Set<String> changed = Set.of();
    private Loader loader = (row, done) -> { };
    private Consumer<Set<String>> onExpandedChanged = s -> { };
    private List<RowAction> actions = List.of();
    private boolean rebuilding;

    public SourceVariablesView(String emptyText) {
        getStyleClass().addAll("vars", "dense", "source-vars");
        setPlaceholder(new Label(emptyText));
        setShowRoot(false);
        setRoot(new TreeItem<>());
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TreeTableColumn<SourceVar, String> name = new TreeTableColumn<>("Name");
        name.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().getValue() == null ? "" : SafeText.escape(r.getValue().getValue().name())));
        name.setPrefWidth(135);
        TreeTableColumn<SourceVar, String> type = new TreeTableColumn<>("Type");
        type.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().getValue() == null ? "" : SafeText.escape(r.getValue().getValue().type())));
        type.setPrefWidth(100);
        TreeTableColumn<SourceVar, SourceVar> value = new TreeTableColumn<>("Value");
        value.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(r.getValue().getValue()));
        value.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(SourceVar item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("changed");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(SafeText.escape(item.text()));
                if (changed.contains(item.path())) getStyleClass().add("changed");
            }
        });
        value.setPrefWidth(240);
        value.getStyleClass().add("mono");
        getColumns().add(name);
        getColumns().add(type);
        getColumns().add(value);
        setRowFactory(t -> {
            TreeTableRow<SourceVar> row = new TreeTableRow<>();
            // A secondary click opens the row's menu (a click, not only the platform's context-menu
            // event, which some platforms and the headless test toolkit never send); the menu key too.
            row.setOnMouseClicked(e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY) showMenu(row, e.getScreenX(), e.getScreenY());
            });
            row.setOnContextMenuRequested(e -> {
                if (e.isKeyboardTrigger()) showMenu(row, e.getScreenX(), e.getScreenY());
                e.consume();
            });
            return row;
        });
    }

    public void setLoader(Loader loader) {
        this.loader = loader;
    }

    /** Told the set of expanded row paths whenever the user expands or collapses a row. */
    public void setOnExpandedChanged(Consumer<Set<String>> action) {
        onExpandedChanged = action;
    }

    public void setRowActions(List<RowAction> rowActions) {
        actions = List.copyOf(rowActions);
    }

    /** Paths of the rows the user expanded. */
    public Set<String> expandedPaths() {
        return Set.copyOf(expanded);
    }

    /** The row selected, or null. */
    public SourceVar selected() {
        TreeItem<SourceVar> i = getSelectionModel().getSelectedItem();
        return i == null || i.getValue() == LOADING ? null : i.getValue();
    }

    /** The tree item of the row at {@code path} among the rows built so far, or null. */
    public TreeItem<SourceVar> item(String path) {
        return find(getRoot(), path);
    }

    private static TreeItem<SourceVar> find(TreeItem<SourceVar> at, String path) {
        for (TreeItem<SourceVar> c : at.getChildren()) {
            if (c.getValue() != null && path.equals(c.getValue().path())) return c;
            TreeItem<SourceVar> f = find(c, path);
            if (f != null) return f;
        }
        return null;
    }

    /**
     * Shows {@code rows}; rows whose text differs from the row with the same path in {@code previous} are
     * marked changed. {@code previous} are the rows this view shows now (null: compare with nothing),
     * whose children read since, on expansion, count too: a member opened after the last stop is
     * highlighted when the next stop changes it.
     */
    public void show(List<SourceVar> rows, List<SourceVar> previous) {
        String keep = selected() == null ? null : selected().path();
        Map<String, String> before = new HashMap<>();
        if (previous != null) {
            flatten(previous, before);
            shownTexts(getRoot(), before);
        }
        Set<String> now = new HashSet<>();
        Map<String, String> after = new HashMap<>();
        flatten(rows, after);
        for (var e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) now.add(e.getKey());
        }
        changed = now;
        rebuilding = true;
        TreeItem<SourceVar> root = new TreeItem<>();
        for (SourceVar r : rows) root.getChildren().add(item(r));
        setRoot(root);
        rebuilding = false;
        if (keep != null) {
            TreeItem<SourceVar> sel = item(keep);
            if (sel != null) getSelectionModel().select(sel);
        }
    }

    public void clear() {
        changed = Set.of();
        setRoot(new TreeItem<>());
    }

    /** The texts of the rows under {@code item} as shown (with children loaded on expansion), where {@code into} has none. */
    private static void shownTexts(TreeItem<SourceVar> item, Map<String, String> into) {
        if (item == null) return;
        for (TreeItem<SourceVar> c : item.getChildren()) {
            SourceVar v = c.getValue();
            if (v != null && !v.path().isEmpty()) into.putIfAbsent(v.path(), v.text());
            shownTexts(c, into);
        }
    }

    private static void flatten(List<SourceVar> rows, Map<String, String> into) {
        for (SourceVar r : rows) {
            into.put(r.path(), r.text());
            if (r.children() != null) flatten(r.children(), into);
        }
    }

    private TreeItem<SourceVar> item(SourceVar v) {
        TreeItem<SourceVar> i = new TreeItem<>(v);
        if (v.children() != null) {
            for (SourceVar c : v.children()) i.getChildren().add(item(c));
            i.setExpanded(true);
        } else if (v.hasChildren()) {
            i.getChildren().add(new TreeItem<>(LOADING)); // so the row shows it can expand
        }
        i.expandedProperty().addListener((o, a, open) -> {
            if (rebuilding) return;
            if (open) {
                expanded.add(v.path());
                if (i.getChildren().size() == 1 && i.getChildren().get(0).getValue() == LOADING) {
                    loader.load(v, kids -> {
                        i.getChildren().clear();
                        for (SourceVar c : kids) i.getChildren().add(item(c));
                    });
                }
            } else {
                expanded.remove(v.path());
            }
            onExpandedChanged.accept(expandedPaths());
        });
        return i;
    }

    private ContextMenu shownMenu;

    private void showMenu(TreeTableRow<SourceVar> row, double x, double y) {
        SourceVar v = row.getItem();
        if (v == null || v == LOADING) return;
        getSelectionModel().select(row.getIndex());
        if (shownMenu != null) shownMenu.hide();
        shownMenu = menuFor(v);
        shownMenu.show(row, x, y);
    }

    private ContextMenu menuFor(SourceVar v) {
        ContextMenu m = new ContextMenu();
        for (RowAction a : actions) {
            MenuItem mi = new MenuItem(a.label());
            mi.setId(a.id());
            mi.setDisable(!a.applies().test(v));
            mi.setOnAction(e -> a.action().accept(v));
            m.getItems().add(mi);
        }
        return m;
    }

    /** Runs the row action {@code id} on {@code row} as its context menu entry does (for keyboard users and tests). */
    public void runAction(String id, SourceVar row) {
        for (RowAction a : actions) if (a.id().equals(id) && a.applies().test(row)) a.action().accept(row);
    }
}
