package io.backstep.app.ui.view;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * Hex + ASCII view of linear memory, 16 bytes a row, virtualised (only visible rows exist). Bytes are
 * fetched in 4 KiB chunks (not Wasm chunks, which are 64 KiB) through a loader running on the timeline thread; bytes that differ from the
 * previous stop are highlighted. A selected range can be asked "who wrote this?".
 */
public final class MemoryView extends BorderPane {
    public static final int ROW = 16;
    public static final int CHUNK = 4096;

    /** Reads chunks in the background: (addresses to fetch, callback with address → bytes for the given step). */
    public interface PageLoader {
        void load(long step, Set<Long> chunks, BiConsumer<Long, Map<Long, byte[]>> done);
    }

    private final ListView<Integer> rows = new ListView<>();
    private final TextField address = new TextField();
    private final Button whoWrote = new Button("Who wrote this?");
    private final Label selectionLabel = new Label();
    private PageLoader loader;
    private long step = -1;
    private long size;
    private Map<Long, byte[]> chunks = new HashMap<>();
    private Map<Long, byte[]> previousChunks = new HashMap<>();
    private final Set<Long> requested = new LinkedHashSet<>();
    private boolean flushScheduled;
    private long selStart = -1;
    private long selEnd = -1;
    private BiConsumer<Long, Integer> onWhoWrote = (a, n) -> { };

    public MemoryView() {
        getStyleClass().add("memory-view");
        rows.getStyleClass().add("memory-rows");
        rows.setFixedCellSize(22);
        rows.setCellFactory(v -> new RowCell());
        rows.setPlaceholder(new Label("No memory."));
        address.setPromptText("Go to address (hex 0x… or decimal)");
        address.setPrefColumnCount(16);
        address.setOnAction(e -> goTo(address.getText()));
        Button go = new Button("Go");
        go.setOnAction(e -> goTo(address.getText()));
        whoWrote.setDisable(true);
        whoWrote.setTooltip(new Tooltip("Jump to the instruction that last wrote the selected bytes"));
        whoWrote.setOnAction(e -> {
            if (selStart >= 0) onWhoWrote.accept(selStart, (int) (selEnd - selStart + 1));
        });
        selectionLabel.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(6, address, go, grow, selectionLabel, whoWrote);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.getStyleClass().add("view-toolbar");
        setTop(bar);
        setCenter(rows);
    }

    public void setLoader(PageLoader loader) {
        this.loader = loader;
    }

    public void setOnWhoWrote(BiConsumer<Long, Integer> action) {
        this.onWhoWrote = action;
    }

    public ListView<Integer> rowList() {
        return rows;
    }

    public Button whoWroteButton() {
        return whoWrote;
    }

    public TextField addressField() {
        return address;
    }

    /** Shows memory at {@code newStep}; {@code memorySize} 0 shows the empty state. */
    public void show(long newStep, long memorySize) {
        if (newStep != step) {
            // Keep what we saw at the last stop to highlight changes; chunks from before that are dropped.
            if (!chunks.isEmpty()) previousChunks = chunks;
            chunks = new HashMap<>();
            requested.clear();
            step = newStep;
        }
        if (memorySize != size) {
            size = memorySize;
            int count = (int) Math.min(Integer.MAX_VALUE, (memorySize + ROW - 1) / ROW);
            rows.setItems(FXCollections.observableList(new AbstractList<Integer>() {
                @Override
                public Integer get(int index) {
                    return index;
                }

                @Override
                public int size() {
                    return count;
                }
            }));
        }
        rows.refresh();
    }

    public void clear() {
        step = -1;
        size = 0;
        chunks = new HashMap<>();
        previousChunks = new HashMap<>();
        requested.clear();
        rows.setItems(FXCollections.observableArrayList());
        select(-1, -1);
    }

    /** Scrolls to and selects the address typed as {@code text} ({@link NumberInput#address}); false if it does not parse. */
    public boolean goTo(String text) {
        try {
            goTo(NumberInput.address(text), 1);
            return true;
        } catch (InputException e) {
            address.getStyleClass().add("error");
            return false;
        }
    }

    public void goTo(long addr, int length) {
        goTo(addr, length, null);
    }

    /**
     * Scrolls to and selects {@code [addr, addr+length)}; {@code what} (a variable's name and C type, or
     * null) names the selection in its label until another selection replaces it.
     */
    public void goTo(long addr, int length, String what) {
        address.getStyleClass().remove("error");
        if (addr < 0 || addr >= size) return;
        int row = (int) (addr / ROW);
        rows.scrollTo(Math.max(0, row - 4));
        select(addr, Math.min(size - 1, addr + Math.max(1, length) - 1), what);
    }

    public long selectionStart() {
        return selStart;
    }

    public long selectionEnd() {
        return selEnd;
    }

    /** The selection's label: what it is (when named) and its range. */
    public String selectionText() {
        return selectionLabel.getText();
    }

    private void select(long start, long end) {
        select(start, end, null);
    }

    private void select(long start, long end, String what) {
        selStart = start;
        selEnd = end;
        whoWrote.setDisable(start < 0);
        String range = String.format("0x%08x … 0x%08x (%d bytes)", start, end, end - start + 1);
        selectionLabel.setText(start < 0 ? "" : what == null ? range : what + "  " + range);
        rows.refresh();
    }

    private Integer byteAt(Map<Long, byte[]> src, long addr) {
        byte[] p = src.get(addr / CHUNK);
        if (p == null) return null;
        int i = (int) (addr % CHUNK);
        return i < p.length ? p[i] & 0xff : null;
    }

    private void request(long chunk) {
        if (loader == null || step < 0 || !requested.add(chunk)) return;
        if (!flushScheduled) {
            flushScheduled = true;
            Platform.runLater(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        Set<Long> want = new LinkedHashSet<>();
        for (Long p : requested) if (!chunks.containsKey(p)) want.add(p);
        if (want.isEmpty() || loader == null) return;
        long forStep = step;
        loader.load(forStep, want, (s, got) -> {
            if (s != step) return; // a newer stop arrived meanwhile
            chunks.putAll(got);
            rows.refresh();
        });
    }

    private final class RowCell extends ListCell<Integer> {
        private final Label addr = new Label();
        private final Label[] hex = new Label[ROW];
        private final Label ascii = new Label();
        private final HBox box;

        RowCell() {
            addr.getStyleClass().add("mem-addr");
            HBox bytes = new HBox(0);
            for (int i = 0; i < ROW; i++) {
                Label b = new Label();
                b.getStyleClass().add("mem-byte");
                if (i == 8) b.getStyleClass().add("mem-gap");
                int col = i;
                b.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
                    Integer r = getItem();
                    if (r == null) return;
                    long a = (long) r * ROW + col;
                    if (e.isShiftDown() && selStart >= 0) select(Math.min(selStart, a), Math.max(selStart, a));
                    else select(a, a);
                    address.setText(String.format("0x%x", a));
                });
                hex[i] = b;
                bytes.getChildren().add(b);
            }
            ascii.getStyleClass().add("mem-ascii");
            box = new HBox(10, addr, bytes, ascii);
            box.setAlignment(Pos.CENTER_LEFT);
            getStyleClass().add("mem-row");
        }

        @Override
        protected void updateItem(Integer row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            long base = (long) row * ROW;
            addr.setText(String.format("%08x", base));
            StringBuilder chars = new StringBuilder(ROW);
            boolean missing = false;
            for (int i = 0; i < ROW; i++) {
                long a = base + i;
                Label b = hex[i];
                b.getStyleClass().removeAll("changed", "selected-byte");
                if (a >= size) {
                    b.setText("  ");
                    chars.append(' ');
                    continue;
                }
                Integer v = byteAt(chunks, a);
                if (v == null) {
                    missing = true;
                    b.setText("··");
                    chars.append('·');
                    continue;
                }
                b.setText(String.format("%02x", v));
                Integer old = byteAt(previousChunks, a);
                if (old != null && !old.equals(v)) b.getStyleClass().add("changed");
                if (selStart >= 0 && a >= selStart && a <= selEnd) b.getStyleClass().add("selected-byte");
                chars.append(v >= 0x20 && v < 0x7f ? (char) (int) v : '.');
            }
            if (missing) request(base / CHUNK);
            ascii.setText(chars.toString());
            setGraphic(box);
        }
    }
}
