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
import javafx.geometry.Insets;
import javafx.geometry.Pos;
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
 *
 * <p>The last few files shown keep their text areas ({@link #KEPT_FILES}): a program's inlined code
 * often alternates between two files from one stop to the next (LZ4's compressor and its header-like
 * helpers), and showing a kept file again is a matter of making its area visible, where loading it
 * would rebuild its document, its highlighting and every visible line's cell.
 */
public final class SourceView extends BorderPane {
    /** How many files keep their text areas. */
    static final int KEPT_FILES = 4;
    /** A file's text area, its scroll pane and its gutters. */
    private final class Page {
        final String file;
        final String text;
        final CodeArea area = new CodeArea();
        final VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
        final LineScroll lines = new LineScroll(area, () -> { });
        final Set<Gutter> gutters = Collections.newSetFromMap(new WeakHashMap<>());

        Page(String file, String text, SourceHighlighter.Language lang) {
            this.file = file;
            this.text = text;
            area.setEditable(false);
            area.getStyleClass().addAll("wat", "source-code");
            area.setUndoManager(UndoUtils.noOpUndoManager());
            area.setParagraphGraphicFactory(p -> {
                Gutter g = new Gutter(this, p + 1);
                gutters.add(g);
                return g;
            });
            area.replaceText(text);
            if (!text.isEmpty()) area.setStyleSpans(0, SourceHighlighter.spans(text, lang));
            area.moveTo(0);
        }
    }

    /** Kept pages, least recently shown first. */
    private final java.util.LinkedHashMap<String, Page> pages = new java.util.LinkedHashMap<>(8, 0.75f, true);
    /** The page shown, or null while the placeholder is. */
    private Page page;
    /** Stands in for a text area while none is shown (see {@link #area()}). */
    private final CodeArea noArea = new CodeArea();
    private final StackPane center = new StackPane();
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
    private final NextLayout nextLayout = new NextLayout(this);

    public SourceView() {
        getStyleClass().add("source-view");
        noArea.setEditable(false);
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
        center.getChildren().add(placeholder);
        setTop(bar);
        setCenter(center);
        showNothing("No source.");
    }

    private Runnable onLocate = () -> { };
    private Runnable onAddFolder = () -> { };

    /** The text area of the file shown (an empty one while none is). */
    public CodeArea area() {
        return page == null ? noArea : page.area;
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
        return page != null;
    }

    /** Shows {@code text} as file {@code file}; a file already shown is not loaded again, a kept one not built again. */
    public void showText(String file, String text, SourceHighlighter.Language lang) {
        if (page != null && file.equals(page.file) && file.equals(shownFile)) return;
        chooseInList(file);
        currentLine = -1;
        frameLine = -1;
        Page kept = pages.get(file);
        if (kept == null || !kept.text.equals(text)) {
            if (kept != null) drop(kept);
            kept = new Page(file, text, lang);
            pages.put(file, kept);
            center.getChildren().add(0, kept.scroll);
            if (pages.size() > KEPT_FILES) drop(pages.values().iterator().next());
        }
        show(kept);
    }

    private void show(Page p) {
        if (page != null && page != p) page.scroll.setVisible(false);
        page = p;
        if (p != null) {
            p.scroll.setVisible(true);
            placeholder.setVisible(false);
        } else {
            placeholder.setVisible(true);
        }
        refreshGutters();
    }

    private void drop(Page p) {
        pages.remove(p.file);
        center.getChildren().remove(p.scroll);
        if (page == p) page = null;
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
        currentLine = -1;
        frameLine = -1;
        show(null);
    }

    /** Forgets the kept files (another module was loaded, or its source folders changed). */
    public void forgetFiles() {
        for (Page p : List.copyOf(pages.values())) drop(p);
        show(null);
    }

    private void chooseInList(String file) {
        shownFile = file;
        settingFile = true;
        files.setValue(file);
        settingFile = false;
    }

    /** Marks 1-based {@code line} as the current one (-1 for none) and, if {@code reveal}, scrolls to it. */
    public void setCurrentLine(int line, boolean reveal) {
        int was = currentLine;
        currentLine = shownLine(line);
        if (reveal && currentLine > 0) nextLayout.request(() -> reveal(currentLine));
        if (currentLine != was) refreshGutters();
    }

    /** Marks the line a selected caller frame is at (-1 for none). */
    public void setFrameLine(int line) {
        int was = frameLine;
        frameLine = shownLine(line == currentLine ? -1 : line);
        if (frameLine > 0) nextLayout.request(() -> reveal(frameLine));
        if (frameLine != was) refreshGutters();
    }

    /** {@code line} if the file shown has it, else -1 (a mark is drawn by the line's gutter: see {@link LineGutter}). */
    private int shownLine(int line) {
        return page != null && line > 0 && line <= page.area.getParagraphs().size() ? line : -1;
    }

    /**
     * The mark drawn on 1-based {@code line} ("current-line", "frame-line" or "" for none), as its
     * gutter on screen shows it; null when the line is not on screen.
     */
    public String shownMark(int line) {
        return page == null ? null : LineGutter.shownMark(page.gutters, line);
    }

    /** Breakpoints by 1-based line of the shown file: true for enabled. */
    public void setBreakpointLines(Map<Integer, Boolean> lines) {
        breakpoints = Map.copyOf(lines);
        refreshGutters();
    }

    /** Scrolls 1-based {@code line} into view (about the middle) unless it is comfortably visible. */
    public void reveal(int line) {
        int p = line - 1;
        if (page == null || p < 0 || p >= page.area.getParagraphs().size()) return;
        page.area.moveTo(p, 0);
        if (!page.lines.comfortablyVisible(p)) page.lines.centre(p);
    }

    // ---- gutter: live nodes updated in place, as in CodeView ----

    /** Width of the line-number column (five digits). */
    private static final double NUMBER_WIDTH = 34;

    /** Brings the shown page's gutters up to date (a kept page's are refreshed when it is shown again). */
    private void refreshGutters() {
        if (page != null) for (Gutter g : new ArrayList<>(page.gutters)) g.update();
    }

    /** A line's gutter: breakpoint slot, line number, current-line arrow; text nodes, as in CodeView's, and updated only where changed. */
    private final class Gutter extends LineGutter {
        private final Page owner;
        private final Region dot = new Region();
        private final Text number = new Text();
        private String slotStyle;

        Gutter(Page owner, int line) {
            super(line);
            this.owner = owner;
            dot.getStyleClass().add("bp-slot");
            number.getStyleClass().add("gutter-offset");
            number.setText(Integer.toString(line));
            number.setWrappingWidth(NUMBER_WIDTH);
            number.setTextAlignment(TextAlignment.RIGHT);
            getChildren().addAll(dot, number);
            setAlignment(Pos.CENTER_LEFT);
            getStyleClass().addAll("gutter", "source-gutter");
            setOnMouseClicked(e -> onGutterClick.accept(line));
            update();
        }

        void update() {
            boolean shown = owner == page;
            boolean current = shown && line == currentLine;
            mark(current, shown && line == frameLine);
            Boolean bp = shown ? breakpoints.get(line) : null;
            String style = bp == null ? null : bp ? "bp-on" : "bp-off";
            if (!java.util.Objects.equals(style, slotStyle)) {
                if (slotStyle != null) dot.getStyleClass().remove(slotStyle);
                if (style != null) dot.getStyleClass().add(style);
                slotStyle = style;
            }
        }
    }
}
