package io.backstep.app.ui.view;

import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * A name / type / value table (locals, operand stack, globals). Rows whose value differs from the
 * previous stop get the {@code changed} style.
 */
public final class VariablesView extends TableView<VariablesView.Row> {
    /** One displayed value; {@code key} identifies "the same variable" across stops. */
    public record Row(String key, String name, Value value, boolean changed) {
    }

    private final ValueFormat format;

    public VariablesView(String emptyText, ValueFormat format) {
        this.format = format;
        getStyleClass().addAll("vars", "dense");
        setPlaceholder(new Label(emptyText));
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Row, String> name = new TableColumn<>("Name");
        // Local and global names come from the module's name section.
        name.setCellValueFactory(r -> new ReadOnlyStringWrapper(SafeText.escape(r.getValue().name())));
        name.setPrefWidth(130);
        TableColumn<Row, String> type = new TableColumn<>("Type");
        type.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().value() == null ? "" : r.getValue().value().type().toString()));
        type.setPrefWidth(60);
        type.setMaxWidth(90);
        TableColumn<Row, Row> value = new TableColumn<>("Value");
        value.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(r.getValue()));
        value.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Row item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("changed");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(format.format(item.value()));
                if (item.changed()) getStyleClass().add("changed");
            }
        });
        value.getStyleClass().add("mono");
        getColumns().add(name);
        getColumns().add(type);
        getColumns().add(value);
        format.hexProperty().addListener((o, a, b) -> refresh());
    }

    /** Shows {@code rows}; a row is marked changed when {@code previous} has the same key with another value. */
    public void setRows(List<Row> rows, List<Row> previous) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            boolean changed = false;
            if (previous != null) {
                for (Row p : previous) {
                    if (p.key().equals(r.key())) {
                        changed = !Objects.equals(p.value(), r.value());
                        break;
                    }
                }
            }
            out.add(new Row(r.key(), r.name(), r.value(), changed));
        }
        getItems().setAll(FXCollections.observableList(out));
    }

    public void clear() {
        getItems().clear();
    }
}
