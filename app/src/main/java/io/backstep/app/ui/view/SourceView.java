package io.backstep.app.ui.view;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One source file of the program, read-only, with C/C++/Rust highlighting, the current line marked and
 * a gutter of line numbers and breakpoints (click toggles), painted by a {@link CodeCanvas}. Above it,
 * the list of the module's source files; instead of it, when a file is not found on this machine, the
 * paths looked at and "Locate…". Which file and line to show is decided by the window; this view only draws.
 *
 * <p>The last few files shown are kept, split into lines and highlighted, with their scroll position
 * ({@link #KEPT_FILES}): a program's inlined code often alternates between two files from one stop to
 * the next (LZ4's compressor and its header-like helpers), and showing a kept file again only swaps the
 * lines the canvas paints.
 */
public final class SourceView extends BorderPane {
    /** How many files are kept. */
    static final int KEPT_FILES = 4;
    /** Columns between tab stops, as a text area shows tabs. */
    static final int TAB_SIZE = 8;
    /** Width of the line-number column (five digits). */
    private static final double NUMBER_WIDTH = 34;

    /** A file's lines, their styles and where the user left it. */
    private static final class Page implements CodeCanvas.Lines {
        final String file;
        final String text;
        final String[] lines;
        final LineRuns[] runs;
        double scrollX;
        double scrollY;
        int caret;

        Page(String file, String text, SourceHighlighter.Language lang) {
            this.file = file;
            this.text = text;
            String shown = displayed(text);
            lines = shown.split("\n", -1);
            LineRuns[] r = shown.isEmpty() ? new LineRuns[0] : LineRuns.split(shown, SourceHighlighter.spans(shown, lang));
            runs = r.length == lines.length ? r : new LineRuns[lines.length];
        }

        @Override
        public int count() {
            return lines.length;
        }

        @Override
        public String text(int line) {
            return lines[line];
        }

        @Override
        public LineRuns runs(int line) {
            return runs[line];
        }
    }

    /** Kept pages, least recently shown first. */
    private final LinkedHashMap<String, Page> pages = new LinkedHashMap<>(8, 0.75f, true);
    /** The page shown, or null while the placeholder is. */
    private Page page;
    private final CodeCanvas area = new CodeCanvas();
    private final StackPane center = new StackPane();
    private final ComboBox<String> files = new ComboBox<>();
    private final Label message = new Label();
    private final Button locate = new Button("Locate…");
    private final VBox placeholder = new VBox(10, message, locate);
    private String shownFile;
    private int currentLine = -1; // 1-based source line, -1 for none
    private int frameLine = -1;
    private IntConsumer onGutterClick = l -> { };
    private Consumer<String> onFileChosen = f -> { };
    private boolean settingFile;
    private final NextLayout nextLayout = new NextLayout(this);

    public SourceView() {
        getStyleClass().add("source-view");
        area.getStyleClass().addAll("wat", "source-code");
        area.setGutter(l -> Integer.toString(l + 1), true, NUMBER_WIDTH);
        area.setOnGutterClick(l -> onGutterClick.accept(l + 1));
        area.setVisible(false);
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
        center.getChildren().addAll(area, placeholder);
        setTop(bar);
        setCenter(center);
        showNothing("No source.");
    }

    private Runnable onLocate = () -> { };
    private Runnable onAddFolder = () -> { };

    /** The painted text of the file shown (empty while none is): caret, selection, scroll position. */
    public CodeCanvas area() {
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
        return page != null;
    }

    /** Shows {@code text} as file {@code file}; a file already shown is not loaded again, a kept one not split and highlighted again. */
    public void showText(String file, String text, SourceHighlighter.Language lang) {
        if (page != null && file.equals(page.file) && file.equals(shownFile)) return;
        chooseInList(file);
        currentLine = -1;
        frameLine = -1;
        Page kept = pages.get(file);
        if (kept == null || !kept.text.equals(text)) {
            if (kept != null) pages.remove(file);
            kept = new Page(file, text, lang);
            pages.put(file, kept);
            if (pages.size() > KEPT_FILES) drop(pages.values().iterator().next());
        }
        show(kept);
    }

    private void show(Page p) {
        if (page == p) {
            marks();
            return;
        }
        if (page != null) {
            page.scrollX = area.scrollX();
            page.scrollY = area.scrollY();
            page.caret = area.caretLine();
        }
        page = p;
        if (p != null) {
            area.setLines(p);
            area.moveCaret(p.caret);
            area.setScrollY(p.scrollY);
            area.setScrollX(p.scrollX);
            area.setVisible(true);
            placeholder.setVisible(false);
        } else {
            area.setLines(CodeCanvas.EMPTY);
            area.setVisible(false);
            placeholder.setVisible(true);
        }
        marks();
    }

    private void drop(Page p) {
        pages.remove(p.file);
        if (page == p) show(null);
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
        currentLine = shownLine(line);
        if (reveal && currentLine > 0) nextLayout.request(() -> reveal(currentLine));
        marks();
    }

    /** Marks the line a selected caller frame is at (-1 for none). */
    public void setFrameLine(int line) {
        frameLine = shownLine(line == currentLine ? -1 : line);
        if (frameLine > 0) nextLayout.request(() -> reveal(frameLine));
        marks();
    }

    private void marks() {
        area.setMarks(currentLine - 1, frameLine > 0 ? frameLine - 1 : -1);
    }

    /** {@code line} if the file shown has it, else -1. */
    private int shownLine(int line) {
        return page != null && line > 0 && line <= page.count() ? line : -1;
    }

    /**
     * The mark drawn on 1-based {@code line} ("current-line", "frame-line" or "" for none), as the view
     * last painted it; null when the line was not on screen.
     */
    public String shownMark(int line) {
        return page == null ? null : area.shownMark(line - 1);
    }

    /** Breakpoints by 1-based line of the shown file: true for enabled. */
    public void setBreakpointLines(Map<Integer, Boolean> lines) {
        Map<Integer, Boolean> byLine = new java.util.HashMap<>();
        lines.forEach((l, on) -> byLine.put(l - 1, on));
        area.setBreakpoints(byLine);
    }

    /** Scrolls 1-based {@code line} into view (about the middle) unless it is comfortably visible. */
    public void reveal(int line) {
        int p = line - 1;
        if (page == null || p < 0 || p >= page.count()) return;
        area.moveCaret(p);
        if (!area.comfortablyVisible(p)) area.centre(p);
    }

    /** {@code text} as shown: tabs expanded to the next tab stop, carriage returns dropped (the canvas counts columns). */
    static String displayed(String text) {
        if (text.indexOf('\t') < 0 && text.indexOf('\r') < 0) return text;
        StringBuilder b = new StringBuilder(text.length() + 64);
        int col = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') continue;
            if (c == '\t') {
                int n = TAB_SIZE - col % TAB_SIZE;
                b.append(" ".repeat(n));
                col += n;
            } else {
                b.append(c);
                col = c == '\n' ? 0 : col + 1;
            }
        }
        return b.toString();
    }
}
