package io.backstep.app.ui.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.util.UndoUtils;

/**
 * One source file of the program, read-only, with C/C++/Rust highlighting, the current line marked and
 * a gutter of line numbers and breakpoints (click toggles). Above it, the list of the module's source
 * files; instead of it, when a file is not found on this machine, the paths looked at and "Locate…".
 * Which file and line to show is decided by the window; this view only draws.
 */
public final class SourceView extends BorderPane {
    private final CodeArea area = new CodeArea();
    private final VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
    private final ComboBox<String> files = new ComboBox<>();
    private final Label message = new Label();
    private final Button locate = new Button("Locate…");
    private final VBox placeholder = new VBox(10, message, locate);
    private String shownFile;
    private int currentLine = -1; // 1-based source line, -1 for none
    private int frameLine = -1;
    private Map<Integer, Boolean> breakpoints = Map.of(); // line → enabled
    private IntConsumer onGutterClick = l -> { };
    private Consumer<String> onFileChosen = f -> { };
    private boolean settingFile;

    public SourceView() {
        getStyleClass().add("source-view");
        area.setEditable(false);
        area.getStyleClass().addAll("wat", "source-code");
        area.setUndoManager(UndoUtils.noOpUndoManager());
        area.setParagraphGraphicFactory(gutter());
        files.setId("source-files");
        files.setPromptText("Source files");
        files.setMaxWidth(Double.MAX_VALUE);
        files.setVisibleRowCount(20);
        files.valueProperty().addListener((o, a, f) -> {
            if (!settingFile && f != null && !f.equals(shownFile)) onFileChosen.accept(f);
        });
        HBox.setHgrow(files, Priority.ALWAYS);
        Button addFolder = new Button("Source Folder…");
        addFolder.setId("add-source-folder");
        addFolder.getStyleClass().add("small");
        addFolder.setOnAction(e -> onAddFolder.run());
        HBox bar = new HBox(6, files, addFolder);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 6, 3, 6));
        bar.getStyleClass().add("view-toolbar");
        message.setId("source-missing");
        message.getStyleClass().add("placeholder");
        message.setWrapText(true);
        locate.setId("locate-source");
        locate.setOnAction(e -> onLocate.run());
        placeholder.setAlignment(Pos.CENTER);
        placeholder.setPadding(new Insets(20));
        StackPane center = new StackPane(scroll, placeholder);
        setTop(bar);
        setCenter(center);
        showNothing("No source.");
    }

    private Runnable onLocate = () -> { };
    private Runnable onAddFolder = () -> { };

    public CodeArea area() {
        return area;
    }

    public void setOnGutterClick(IntConsumer line) {
        onGutterClick = line;
    }

    public void setOnFileChosen(Consumer<String> action) {
        onFileChosen = action;
    }

    public void setOnLocate(Runnable action) {
        onLocate = action;
    }

    public void setOnAddFolder(Runnable action) {
        onAddFolder = action;
    }

    /** The module's source files (DWARF paths), for the file list. */
    public void setFiles(List<String> paths) {
        settingFile = true;
        files.getItems().setAll(paths);
        files.setValue(shownFile);
        settingFile = false;
    }

    /** The DWARF path of the file shown (or looked for), or null. */
    public String shownFile() {
        return shownFile;
    }

    /** The 1-based line marked as current, or -1. */
    public int currentLine() {
        return currentLine;
    }

    /** Whether the file's text is shown (rather than the "not found" placeholder). */
    public boolean showsText() {
        return scroll.isVisible();
    }

    /** Shows {@code text} as file {@code file}; a file already shown is not loaded again. */
    public void showText(String file, String text, SourceHighlighter.Language lang) {
        if (file.equals(shownFile) && scroll.isVisible()) return;
        chooseInList(file);
        currentLine = -1;
        frameLine = -1;
        area.replaceText(text);
        if (!text.isEmpty()) area.setStyleSpans(0, SourceHighlighter.spans(text, lang));
        area.moveTo(0);
        scroll.setVisible(true);
        placeholder.setVisible(false);
        refreshGutters();
    }

    /** Shows that {@code file} is not on this machine, with where it was looked for and "Locate…". */
    public void showMissing(String file, List<Path> lookedAt) {
        chooseInList(file);
        StringBuilder s = new StringBuilder("Source file not found: " + file);
        if (!lookedAt.isEmpty()) {
            s.append("\n\nLooked for:");
            for (Path p : lookedAt) s.append("\n  ").append(p);
        }
        s.append("\n\nLocate the file, or add the folder that holds your sources.");
        message.setText(s.toString());
        locate.setVisible(true);
        showPlaceholder();
    }

    /** Shows a message instead of a file (no debug info, no line information here). */
    public void showNothing(String text) {
        chooseInList(null);
        message.setText(text);
        locate.setVisible(false);
        showPlaceholder();
    }

    private void showPlaceholder() {
        area.clear();
        currentLine = -1;
        frameLine = -1;
        scroll.setVisible(false);
        placeholder.setVisible(true);
        refreshGutters();
    }

    private void chooseInList(String file) {
        shownFile = file;
        settingFile = true;
        files.setValue(file);
        settingFile = false;
    }

    /** Marks 1-based {@code line} as the current one (-1 for none) and, if {@code reveal}, scrolls to it. */
    public void setCurrentLine(int line, boolean reveal) {
        currentLine = mark(currentLine, line, "current-line");
        if (reveal && currentLine > 0) Platform.runLater(() -> reveal(currentLine));
        refreshGutters();
    }

    /** Marks the line a selected caller frame is at (-1 for none). */
    public void setFrameLine(int line) {
        frameLine = mark(frameLine, line == currentLine ? -1 : line, "frame-line");
        if (frameLine > 0) Platform.runLater(() -> reveal(frameLine));
    }

    /** Moves mark {@code style} from 1-based line {@code old} to {@code line}; returns where it is now (-1 for nowhere). */
    private int mark(int old, int line, String style) {
        int n = area.getParagraphs().size();
        if (old > 0 && old <= n) area.setParagraphStyle(old - 1, remaining(old, style));
        if (line > 0 && line <= n && scroll.isVisible()) {
            area.setParagraphStyle(line - 1, List.of(style));
            return line;
        }
        return -1;
    }

    /** The mark a line keeps when mark {@code removed} leaves it. */
    private List<String> remaining(int line, String removed) {
        if (!removed.equals("current-line") && line == currentLine) return List.of("current-line");
        if (!removed.equals("frame-line") && line == frameLine) return List.of("frame-line");
        return Collections.emptyList();
    }

    /** Breakpoints by 1-based line of the shown file: true for enabled. */
    public void setBreakpointLines(Map<Integer, Boolean> lines) {
        breakpoints = Map.copyOf(lines);
        refreshGutters();
    }

    /** Scrolls 1-based {@code line} into view (about the middle) unless it is comfortably visible. */
    public void reveal(int line) {
        int p = line - 1;
        if (p < 0 || p >= area.getParagraphs().size()) return;
        boolean visible = false;
        try {
            int first = area.firstVisibleParToAllParIndex();
            int shown = area.getVisibleParagraphs().size();
            visible = shown > 4 && p > first + 1 && p < first + shown - 2;
        } catch (RuntimeException notLaidOut) {
            // before the first layout there are no visible paragraphs
        }
        area.moveTo(p, 0);
        if (visible) return;
        area.requestFollowCaret();
        Platform.runLater(() -> {
            try {
                if (p < area.getParagraphs().size()) area.showParagraphAtCenter(p);
            } catch (RuntimeException layoutNotReady) {
                // keep the caret-follow position
            }
        });
    }

    // ---- gutter: live nodes updated in place, as in CodeView ----

    private final Set<Gutter> liveGutters = Collections.newSetFromMap(new WeakHashMap<>());
    /** Width of the line-number column (five digits). */
    private static final double NUMBER_WIDTH = 34;

    private void refreshGutters() {
        for (Gutter g : new ArrayList<>(liveGutters)) g.update();
    }

    private IntFunction<Node> gutter() {
        return p -> {
            Gutter g = new Gutter(p + 1);
            liveGutters.add(g);
            return g;
        };
    }

    /** A line's gutter: breakpoint slot, line number, current-line arrow; text nodes, as in CodeView's, and updated only where changed. */
    private final class Gutter extends HBox {
        private final int line;
        private final Region dot = new Region();
        private final Text number = new Text();
        private final Text arrow = new Text();
        private boolean arrowShown;
        private String slotStyle;

        Gutter(int line) {
            this.line = line;
            dot.getStyleClass().add("bp-slot");
            number.getStyleClass().add("gutter-offset");
            number.setText(Integer.toString(line));
            number.setWrappingWidth(NUMBER_WIDTH);
            number.setTextAlignment(TextAlignment.RIGHT);
            arrow.getStyleClass().add("gutter-arrow");
            arrow.setWrappingWidth(CodeView.ARROW_WIDTH);
            getChildren().addAll(dot, number, arrow);
            setAlignment(Pos.CENTER_LEFT);
            getStyleClass().addAll("gutter", "source-gutter");
            setOnMouseClicked(e -> onGutterClick.accept(line));
            update();
        }

        void update() {
            boolean current = line == currentLine;
            if (current != arrowShown) {
                arrowShown = current;
                arrow.setText(current ? "▶" : "");
            }
            Boolean bp = breakpoints.get(line);
            String style = bp == null ? null : bp ? "bp-on" : "bp-off";
            if (!java.util.Objects.equals(style, slotStyle)) {
                if (slotStyle != null) dot.getStyleClass().remove(slotStyle);
                if (style != null) dot.getStyleClass().add(style);
                slotStyle = style;
            }
        }
    }
}
