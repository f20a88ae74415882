package io.backstep.app.ui.view;

import io.backstep.app.ui.HitCount;
import io.backstep.app.ui.StopState;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** Breakpoints and watchpoints: add, remove, enable, conditions and hit counts. */
public final class BreakpointsView extends BorderPane {
    /** A row: either a breakpoint or a watchpoint. */
    public record Item(Breakpoint breakpoint, Watchpoint watchpoint, String hits) {
    }

    /** What the buttons do; implemented by the window. */
    public interface Actions {
        void addBreakpoint();

        void addMemoryWatchpoint();

        void addGlobalWatchpoint();

        void remove(Item item);

        void setEnabled(Item item, boolean enabled);

        void editCondition(Item item);

        void goTo(Item item);
    }

    private final TableView<Item> table = new TableView<>();
    private Actions actions;
    private Function<Integer, String> functionNames = i -> "func[" + i + "]";
    private Function<Integer, String> globalNames = i -> "$g" + i;
    private java.util.Map<Integer, io.backstep.app.ui.SourceStop.Line> sourceLines = java.util.Map.of();

    public BreakpointsView() {
        getStyleClass().add("breakpoints-view");
        table.getStyleClass().add("dense");
        table.setPlaceholder(new Label("No breakpoints. Click in the code gutter to add one."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Item, Item> on = new TableColumn<>("");
        on.setPrefWidth(34);
        on.setMaxWidth(34);
        on.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(r.getValue()));
        on.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();

            @Override
            protected void updateItem(Item item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                box.setSelected(item.breakpoint() != null ? item.breakpoint().enabled() : item.watchpoint().enabled());
                box.setOnAction(e -> {
                    if (actions != null) actions.setEnabled(item, box.isSelected());
                });
                setGraphic(box);
            }
        });
        TableColumn<Item, String> kind = new TableColumn<>("Kind");
        kind.setPrefWidth(90);
        kind.setCellValueFactory(r -> new ReadOnlyStringWrapper(kindOf(r.getValue())));
        TableColumn<Item, String> where = new TableColumn<>("Location");
        where.setPrefWidth(220);
        where.setCellValueFactory(r -> new ReadOnlyStringWrapper(locationOf(r.getValue())));
        TableColumn<Item, String> cond = new TableColumn<>("Condition");
        cond.setPrefWidth(150);
        cond.setCellValueFactory(r -> new ReadOnlyStringWrapper(
            r.getValue().breakpoint() != null && r.getValue().breakpoint().condition() != null ? r.getValue().breakpoint().condition() : ""));
        TableColumn<Item, String> hits = new TableColumn<>("Hits");
        hits.setPrefWidth(60);
        hits.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().hits()));
        table.getColumns().add(on);
        table.getColumns().add(kind);
        table.getColumns().add(where);
        table.getColumns().add(cond);
        table.getColumns().add(hits);
        table.setRowFactory(t -> {
            var row = new javafx.scene.control.TableRow<Item>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null && actions != null) actions.goTo(row.getItem());
            });
            return row;
        });

        Button addBp = new Button("Breakpoint…");
        addBp.setId("add-breakpoint");
        addBp.setOnAction(e -> actions.addBreakpoint());
        Button addMem = new Button("Memory watch…");
        addMem.setId("add-memory-watch");
        addMem.setOnAction(e -> actions.addMemoryWatchpoint());
        Button addGlobal = new Button("Global watch…");
        addGlobal.setId("add-global-watch");
        addGlobal.setOnAction(e -> actions.addGlobalWatchpoint());
        Button cond2 = new Button("Condition…");
        cond2.setId("edit-condition");
        cond2.setOnAction(e -> {
            Item i = table.getSelectionModel().getSelectedItem();
            if (i != null && i.breakpoint() != null) actions.editCondition(i);
        });
        Button remove = new Button("Remove");
        remove.setId("remove-breakpoint");
        remove.setOnAction(e -> {
            Item i = table.getSelectionModel().getSelectedItem();
            if (i != null) actions.remove(i);
        });
        cond2.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        HBox bar = new HBox(6, new Label("Add:"), addBp, addMem, addGlobal, cond2, remove);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.getStyleClass().add("view-toolbar");
        bar.getChildren().forEach(n -> n.getStyleClass().add("small"));
        setTop(bar);
        setCenter(table);
    }

    public TableView<Item> table() {
        return table;
    }

    public void setActions(Actions actions) {
        this.actions = actions;
    }

    public void setNames(Function<Integer, String> functions, Function<Integer, String> globals) {
        this.functionNames = functions;
        this.globalNames = globals;
    }

    public void show(StopState s) {
        if (s == null) {
            sourceLines = java.util.Map.of();
            table.getItems().clear();
            return;
        }
        Item selected = table.getSelectionModel().getSelectedItem();
        sourceLines = s.source() == null ? java.util.Map.of() : s.source().breakpointLines();
        List<Item> items = new ArrayList<>();
        // In code order, not by id: editing a condition replaces the breakpoint (new id) and its row
        // must stay where it was.
        List<Breakpoint> bps = new ArrayList<>(s.breakpoints());
        bps.sort(java.util.Comparator.comparingInt(Breakpoint::functionIndex).thenComparingInt(Breakpoint::wasmOffset));
        for (Breakpoint b : bps) items.add(new Item(b, null, Long.toString(s.hitCounts().getOrDefault(b.id(), 0L))));
        for (Watchpoint w : s.watchpoints()) {
            // Global watchpoints are not counted: the timeline cannot list a global's writes.
            HitCount n = s.watchpointHits().get(w.id());
            items.add(new Item(null, w, n == null ? "" : n.text()));
        }
        table.getItems().setAll(items);
        if (selected != null) {
            for (Item i : items) {
                if (sameRow(i, selected)) table.getSelectionModel().select(i);
            }
        }
    }

    /** The same breakpoint location (its id changes when its condition does) or the same watchpoint. */
    private static boolean sameRow(Item a, Item b) {
        if (a.breakpoint() != null && b.breakpoint() != null) {
            return a.breakpoint().functionIndex() == b.breakpoint().functionIndex() && a.breakpoint().wasmOffset() == b.breakpoint().wasmOffset();
        }
        return a.watchpoint() != null && b.watchpoint() != null && a.watchpoint().id() == b.watchpoint().id();
    }

    private static String kindOf(Item i) {
        if (i.breakpoint() != null) return i.breakpoint().onEntry() ? "Function" : "Breakpoint";
        return i.watchpoint().kind() == Watchpoint.Kind.MEMORY ? "Memory watch" : "Global watch";
    }

    private String locationOf(Item i) {
        if (i.breakpoint() != null) {
            Breakpoint b = i.breakpoint();
            String fn = functionNames.apply(b.functionIndex());
            if (b.onEntry()) return fn + " (entry)";
            var line = sourceLines.get(b.id());
            String at = String.format("%s @0x%06x", fn, b.wasmOffset());
            // Source breakpoints by file:line first (the path comes from the module: escaped).
            return line == null ? at : io.backstep.engine.text.SafeText.escape(line.toString()) + "  (" + at + ")";
        }
        Watchpoint w = i.watchpoint();
        if (w.kind() == Watchpoint.Kind.MEMORY) return String.format("0x%08x, %d bytes", w.address(), w.length());
        return globalNames.apply(w.globalIndex());
    }
}
