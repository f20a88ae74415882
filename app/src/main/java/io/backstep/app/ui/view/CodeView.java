package io.backstep.app.ui.view;

import io.backstep.app.ui.StopState;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.timeline.Breakpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.richtext.util.UndoUtils;

/**
 * The disassembly: the whole module as WAT in a virtualised, read-only {@link CodeArea}. Syntax styles
 * are computed off the FX thread and only for paragraphs that become visible, so a 300,000-line module
 * scrolls as smoothly as a small one. The gutter shows byte offsets and breakpoints (click toggles) and
 * draws the current and caller lines' bands ({@link LineGutter}). Deeply nested code is shown with its
 * indentation capped ({@link #MAX_INDENT}), so that its instructions start inside a narrow view.
 */
public final class CodeView extends StackPane {
    /** Called when the user clicks a gutter slot: (function index, byte offset). */
    public interface BreakpointToggle {
        void toggle(int functionIndex, int offset);
    }

    private final CodeArea area = new CodeArea();
    private final VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
    private final Label placeholder = new Label("No module loaded.\nOpen a .wasm or .bstrace file (File → Open, or drop it here).");
    private final LineScroll lines = new LineScroll(area, this::afterLayout);
    private final NextLayout nextLayout = new NextLayout(this);
    private final ExecutorService styler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backstep-highlighter");
        t.setDaemon(true);
        return t;
    });
    private WatText wat;
    private int generation; // bumps on every load so late styling results of an old module are dropped
    private final BitSet styled = new BitSet();
    private final BitSet styling = new BitSet();
    private int currentLine = -1;
    private long shownStep = -1;
    private int selectedFrameLine = -1;
    private Map<Integer, Breakpoint> breakpointsByOffset = Map.of();
    private BreakpointToggle toggle = (f, o) -> { };

    public CodeView() {
        getStyleClass().add("code-view");
        area.setEditable(false);
        area.getStyleClass().add("wat");
        area.setUndoManager(UndoUtils.noOpUndoManager());
        placeholder.getStyleClass().add("placeholder");
        getChildren().addAll(scroll, placeholder);
        scroll.setVisible(false);
        area.setParagraphGraphicFactory(gutter());
        // Style what scrolled into view (the visible range changes with the scroll position and size).
        area.estimatedScrollYProperty().addListener((o, a, b) -> styleVisiblePending = true);
        area.heightProperty().addListener((o, a, b) -> styleVisiblePending = true);
    }

    public CodeArea area() {
        return area;
    }

    public void setBreakpointToggle(BreakpointToggle toggle) {
        this.toggle = toggle;
    }

    public WatText wat() {
        return wat;
    }

    /** Shows a new module, or the empty state when {@code text} is null. */
    public void load(WatText text) {
        generation++;
        wat = text;
        styled.clear();
        styling.clear();
        currentLine = -1;
        shownStep = -1;
        selectedFrameLine = -1;
        breakpointsByOffset = Map.of();
        if (text == null) {
            area.clear();
            scroll.setVisible(false);
            placeholder.setVisible(true);
            return;
        }
        area.replaceText(displayedText(text));
        area.moveTo(0);
        area.scrollXToPixel(0);
        scroll.setVisible(true);
        placeholder.setVisible(false);
        lines.reset();
        refreshGutters();
        styleVisiblePending = true;
        Platform.requestNextPulse();
    }

    /**
     * Moves the current-instruction highlight to the snapshot's top frame and scrolls it into view. A
     * snapshot of the step already shown only updates the breakpoint marks: it comes from adding or
     * removing a breakpoint, which must leave the view where the user scrolled it.
     */
    public void show(StopState s) {
        if (wat == null) return;
        Map<Integer, Breakpoint> bps = new HashMap<>();
        if (s != null) {
            for (Breakpoint b : s.breakpoints()) {
                int off = b.onEntry() ? firstOffsetOf(b.functionIndex()) : b.wasmOffset();
                if (off >= 0) bps.put(off, b);
            }
        }
        breakpointsByOffset = bps;
        if (s != null && s.step() == shownStep) {
            refreshGutters();
            return;
        }
        shownStep = s == null ? -1 : s.step();
        FrameInfo top = s == null ? null : s.top();
        int line = top == null ? -1 : wat.lineAtOrBefore(top.wasmOffset());
        // Styled before the lines come into view, so their cells are built once, already styled.
        if (line >= 0) styleNow(line - AROUND, line + AROUND);
        setCurrentLine(line);
        selectFrame(null);
        refreshGutters();
        // Scrolled at the start of the pulse that draws this stop (never mid-layout: that can break a virtual flow).
        if (line >= 0) nextLayout.request(() -> reveal(line));
    }

    /** Marks the line a selected caller frame is at (its return point), or clears it. */
    public void selectFrame(FrameInfo frame) {
        int was = selectedFrameLine;
        selectedFrameLine = -1;
        int line = frame == null || wat == null ? -1 : wat.lineAtOrBefore(frame.wasmOffset());
        if (line >= 0 && line != currentLine) selectedFrameLine = line;
        if (selectedFrameLine != was) refreshGutters();
        if (selectedFrameLine >= 0) reveal(selectedFrameLine);
    }

    private void setCurrentLine(int line) {
        currentLine = line >= 0 && line < area.getParagraphs().size() ? line : -1;
    }

    /**
     * The mark drawn on {@code line} ("current-line", "frame-line" or "" for none), as its gutter on
     * screen shows it; null when the line is not on screen.
     */
    public String shownMark(int line) {
        return LineGutter.shownMark(liveGutters, line);
    }

    /** Lines styled at once around a new current line: more than a viewport shows above and below it. */
    private static final int AROUND = 60;

    /**
     * Styles lines {@code first..last} that have no styles yet, on this thread, each run of them in one
     * edit (an edit per line would rebuild the document's tree and the line's cell every time).
     */
    private void styleNow(int first, int last) {
        first = Math.max(0, first);
        last = Math.min(Math.min(wat.lineCount(), area.getParagraphs().size()) - 1, last);
        int l = first;
        while (l <= last) {
            if (styled.get(l)) {
                l++;
                continue;
            }
            int runStart = l;
            StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
            while (l <= last && !styled.get(l)) {
                String shown = displayed(wat.line(l));
                if (area.getParagraph(l).length() != shown.length()) break;
                if (l > runStart) b.add(Collections.emptyList(), 1); // the line break before it
                b.addAll(WatHighlighter.spans(shown));
                styled.set(l);
                l++;
            }
            if (l == runStart) {
                l++;
                continue;
            }
            // The document-wide form: the paragraph form would squeeze every line's styles into the first line.
            area.setStyleSpans(area.getAbsolutePosition(runStart, 0), b.create());
        }
    }

    /** Paragraphs that have syntax styles so far (only ever those scrolled into view, plus a margin). */
    public int styledCount() {
        return styled.cardinality();
    }

    public int currentLine() {
        return currentLine;
    }

    /** Scrolls {@code line} to about a third of the view height unless it is already comfortably visible. */
    public void reveal(int line) {
        if (line < 0 || line >= area.getParagraphs().size()) return;
        area.moveTo(line, 0);
        if (!lines.comfortablyVisible(line)) scrollTo(line);
    }

    /**
     * Puts the caret on {@code line} and centres it, with the start of its code in view; the lines
     * around it are styled first, so that their cells are built once, already styled.
     */
    private void scrollTo(int line) {
        styleNow(line - AROUND, line + AROUND);
        area.moveTo(line, 0);
        lines.centre(line);
    }

    /** Line the caret is on (for run-to-cursor and toggling breakpoints from the keyboard). */
    public int caretLine() {
        return area.getCurrentParagraph();
    }

    public void goToFunction(int functionIndex) {
        if (wat == null) return;
        int line = wat.lineOfFunction(functionIndex);
        if (line >= 0) scrollTo(line);
    }

    public boolean goToOffset(int offset) {
        if (wat == null) return false;
        int line = wat.lineAtOrBefore(offset);
        if (line < 0) return false;
        scrollTo(line);
        return true;
    }

    private int firstOffsetOf(int functionIndex) {
        int header = wat.lineOfFunction(functionIndex);
        if (header < 0) return -1;
        for (int l = header; l < wat.lineCount() && wat.functionAt(l) == functionIndex; l++) {
            if (wat.offsetAt(l) >= 0) return wat.offsetAt(l);
        }
        return -1;
    }

    /**
     * Leading spaces shown at most: the printer indents four, then two per nesting level, and a big
     * function's blocks nest thirty deep, which put its instructions a whole view width to the right
     * (LZ4's match finder). Lines nested deeper than six levels are shown at the sixth level's indentation.
     */
    static final int MAX_INDENT = 16;

    /** {@code line} as shown: its indentation capped at {@link #MAX_INDENT}. */
    static String displayed(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') n++;
        return n <= MAX_INDENT ? line : line.substring(n - MAX_INDENT);
    }

    private static String displayedText(WatText text) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < text.lineCount(); l++) {
            if (l > 0) b.append('\n');
            b.append(displayed(text.line(l)));
        }
        return b.toString();
    }

    // ---- gutter ---------------------------------------------------------------------------

    /**
     * Gutter nodes are created once per visible line by RichTextFX; instead of replacing the factory
     * (which re-creates every cell and can upset the virtual flow mid-layout) live nodes are updated
     * in place when breakpoints or the current line change.
     */
    private final Set<Gutter> liveGutters = Collections.newSetFromMap(new WeakHashMap<>());
    /** Width of the gutter's offset column, so that every line's code starts at the same x. */
    static final double OFFSET_WIDTH = 48;

    private void refreshGutters() {
        for (Gutter g : new ArrayList<>(liveGutters)) g.update();
    }

    private IntFunction<Node> gutter() {
        return line -> {
            Gutter g = new Gutter(line);
            liveGutters.add(g);
            return g;
        };
    }

    /**
     * A line's gutter: breakpoint slot, byte offset, current-line arrow (drawn by {@link LineGutter}). Plain text nodes, not labels:
     * a scroll builds dozens of gutters at once, and a label's skin and CSS cost ten times more.
     */
    private final class Gutter extends LineGutter {
        private final Region dot = new Region();
        private final Text off = new Text();
        private String slotStyle;

        Gutter(int line) {
            super(line);
            dot.getStyleClass().add("bp-slot");
            off.getStyleClass().add("gutter-offset");
            off.setWrappingWidth(OFFSET_WIDTH);
            int at = wat == null ? -1 : wat.offsetAt(line);
            off.setText(at >= 0 ? String.format("%06x", at) : "");
            getChildren().addAll(dot, off);
            setAlignment(Pos.CENTER_LEFT);
            getStyleClass().add("gutter");
            setOnMouseClicked(e -> {
                WatText w = wat;
                int offset = w == null ? -1 : w.offsetAt(line);
                if (offset >= 0) toggle.toggle(w.functionAt(line), offset);
            });
            update();
        }

        /** Brings the arrow and the breakpoint mark up to date, touching only what changed (a style change re-applies CSS). */
        void update() {
            WatText w = wat;
            int offset = w == null ? -1 : w.offsetAt(line);
            boolean current = line == currentLine;
            mark(current, line == selectedFrameLine);
            Breakpoint bp = offset >= 0 ? breakpointsByOffset.get(offset) : null;
            String style = bp == null ? null : bp.enabled() ? "bp-on" : "bp-off";
            if (!java.util.Objects.equals(style, slotStyle)) {
                if (slotStyle != null) dot.getStyleClass().remove(slotStyle);
                if (style != null) dot.getStyleClass().add(style);
                slotStyle = style;
            }
        }
    }

    // ---- syntax highlighting ---------------------------------------------------------------

    /** The view scrolled or was resized since the lines on screen were last styled. */
    private boolean styleVisiblePending;

    /** After a layout pulse: styles what it showed, if that changed (the scroll position changes many times in one pass). */
    private void afterLayout() {
        if (!styleVisiblePending) return;
        styleVisiblePending = false;
        styleVisible();
    }

    private void styleVisible() {
        if (wat == null || area.getParagraphs().isEmpty()) return;
        int first = lines.first();
        int last;
        if (first >= 0) {
            last = first + Math.max(60, lines.shown());
        } else {
            first = 0;
            last = Math.min(wat.lineCount() - 1, 80);
        }
        if (Boolean.getBoolean("backstep.debug.styling")) System.err.println("styleVisible " + first + ".." + last);
        // A viewport never shows more than a few hundred lines; guard against transient bogus ranges.
        last = Math.min(last, first + 300);
        first = Math.max(0, first - 40);
        last = Math.min(wat.lineCount() - 1, last + 40);
        List<Integer> todo = new ArrayList<>();
        for (int l = first; l <= last; l++) {
            if (!styled.get(l) && !styling.get(l)) {
                todo.add(l);
                styling.set(l);
            }
        }
        if (todo.isEmpty()) return;
        WatText w = wat;
        int gen = generation;
        styler.execute(() -> {
            List<StyleSpans<Collection<String>>> spans = new ArrayList<>(todo.size());
            for (int l : todo) spans.add(WatHighlighter.spans(displayed(w.line(l))));
            Platform.runLater(() -> {
                if (Boolean.getBoolean("backstep.debug.styling")) System.err.println("styled " + todo.size() + " gen " + gen + "/" + generation);
                if (gen != generation) return;
                for (int i = 0; i < todo.size(); i++) {
                    int l = todo.get(i);
                    styling.clear(l);
                    if (!styled.get(l) && l < area.getParagraphs().size() && area.getParagraph(l).length() == displayed(w.line(l)).length()) {
                        area.setStyleSpans(l, 0, spans.get(i));
                        styled.set(l);
                    }
                }
            });
        });
    }

    /** Tokenises one WAT line into style classes. Pure function; runs on the highlighter thread. */
    static final class WatHighlighter {
        private WatHighlighter() {
        }

        static StyleSpans<Collection<String>> spans(String line) {
            StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
            int i = 0;
            int n = line.length();
            boolean sawOp = false;
            boolean any = false;
            while (i < n) {
                char c = line.charAt(i);
                int j = i;
                String style;
                if (c == ';' && i + 1 < n && line.charAt(i + 1) == ';') {
                    j = n;
                    style = "comment";
                } else if (c == '(' && i + 1 < n && line.charAt(i + 1) == ';') {
                    int end = line.indexOf(";)", i + 2);
                    j = end < 0 ? n : end + 2;
                    style = "comment";
                } else if (c == '"') {
                    j = i + 1;
                    while (j < n && line.charAt(j) != '"') j += line.charAt(j) == '\\' ? 2 : 1;
                    j = Math.min(n, j + 1);
                    style = "string";
                } else if (c == '$') {
                    while (j < n && !isDelim(line.charAt(j))) j++;
                    style = "name";
                } else if (c == '(' || c == ')') {
                    j = i + 1;
                    style = "paren";
                } else if (Character.isWhitespace(c)) {
                    while (j < n && Character.isWhitespace(line.charAt(j))) j++;
                    style = null;
                } else {
                    while (j < n && !isDelim(line.charAt(j))) j++;
                    String word = line.substring(i, j);
                    if (Character.isDigit(c) || c == '-' || word.startsWith("offset=") || word.startsWith("align=")) {
                        style = "number";
                    } else if (!sawOp) {
                        sawOp = true;
                        style = classify(word);
                    } else {
                        style = isType(word) ? "type" : "keyword";
                    }
                }
                b.add(style == null ? Collections.emptyList() : List.of(style), j - i);
                any = true;
                i = j;
            }
            if (!any) b.add(Collections.emptyList(), 0);
            return BlankAbsorbingSpans.of(line, b.create());
        }

        private static boolean isDelim(char c) {
            return Character.isWhitespace(c) || c == '(' || c == ')';
        }

        private static boolean isType(String w) {
            return switch (w) {
                case "i32", "i64", "f32", "f64", "v128", "funcref", "externref", "func", "extern", "mut" -> true;
                default -> false;
            };
        }

        private static String classify(String op) {
            switch (op) {
                case "block", "loop", "if", "else", "end", "br", "br_if", "br_table", "return",
                     "unreachable", "nop", "select", "drop" -> {
                    return "control";
                }
                case "call", "call_indirect" -> {
                    return "call";
                }
                case "module", "type", "import", "func", "table", "memory", "global", "export", "start",
                     "elem", "data", "param", "result", "local" -> {
                    return "decl";
                }
                default -> {
                    if (op.startsWith("local.") || op.startsWith("global.")) return "var";
                    if (op.contains(".load") || op.contains(".store") || op.startsWith("memory.")) return "mem";
                    if (op.endsWith(".const")) return "const";
                    return "op";
                }
            }
        }
    }
}
