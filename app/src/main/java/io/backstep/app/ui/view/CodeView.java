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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The disassembly: the whole module as WAT in a {@link CodeCanvas}, which paints only the lines in view.
 * Syntax styles are computed off the FX thread and only for lines that come into view (and, on the FX
 * thread, for the few dozen around a new current line, so that a stop is painted styled at once), so a
 * 300,000-line module scrolls as smoothly as a small one. The gutter shows byte offsets and breakpoints
 * (click toggles) and the current line's arrow; the current and caller lines are bands. Deeply nested
 * code is shown with its indentation capped ({@link #MAX_INDENT}), so that its instructions start inside
 * a narrow view.
 */
public final class CodeView extends StackPane {
    /** Called when the user clicks a gutter slot: (function index, byte offset). */
    public interface BreakpointToggle {
        void toggle(int functionIndex, int offset);
    }

    /** Width of the gutter's offset column (six hex digits). */
    static final double OFFSET_WIDTH = 48;

    private final CodeCanvas area = new CodeCanvas();
    private final Label placeholder = new Label("No module loaded.\nOpen a .wasm or .bstrace file (File → Open, or drop it here).");
    private final NextLayout nextLayout = new NextLayout(this);
    private final ExecutorService styler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backstep-highlighter");
        t.setDaemon(true);
        return t;
    });
    private WatText wat;
    private int generation; // bumps on every load so late styling results of an old module are dropped
    /** Each line's style runs, null until styled. */
    private LineRuns[] runs = new LineRuns[0];
    private final BitSet styled = new BitSet();
    private final BitSet styling = new BitSet();
    private int currentLine = -1;
    private long shownStep = -1;
    private int selectedFrameLine = -1;
    private BreakpointToggle toggle = (f, o) -> { };

    public CodeView() {
        getStyleClass().add("code-view");
        area.getStyleClass().add("wat");
        placeholder.getStyleClass().add("placeholder");
        getChildren().addAll(area, placeholder);
        area.setVisible(false);
        area.setGutter(line -> {
            WatText w = wat;
            int at = w == null || line >= w.lineCount() ? -1 : w.offsetAt(line);
            return at >= 0 ? String.format("%06x", at) : "";
        }, false, OFFSET_WIDTH);
        area.setOnGutterClick(line -> {
            WatText w = wat;
            int offset = w == null ? -1 : w.offsetAt(line);
            if (offset >= 0) toggle.toggle(w.functionAt(line), offset);
        });
        // Style what came into view.
        area.setOnViewportChanged(this::styleVisible);
    }

    /** The painted text: scroll position, visible lines, caret, selection, context menu. */
    public CodeCanvas area() {
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
        area.setBreakpoints(Map.of());
        if (text == null) {
            runs = new LineRuns[0];
            area.setLines(CodeCanvas.EMPTY);
            area.setVisible(false);
            placeholder.setVisible(true);
            return;
        }
        runs = new LineRuns[text.lineCount()];
        LineRuns[] mine = runs;
        area.setLines(new CodeCanvas.Lines() {
            @Override
            public int count() {
                return text.lineCount();
            }

            @Override
            public String text(int line) {
                return displayed(text.line(line));
            }

            @Override
            public LineRuns runs(int line) {
                return mine[line];
            }
        });
        area.setVisible(true);
        placeholder.setVisible(false);
    }

    /**
     * Moves the current-instruction highlight to the snapshot's top frame and scrolls it into view. A
     * snapshot of the step already shown only updates the breakpoint marks: it comes from adding or
     * removing a breakpoint, which must leave the view where the user scrolled it.
     */
    public void show(StopState s) {
        if (wat == null) return;
        Map<Integer, Boolean> bps = new HashMap<>();
        if (s != null) {
            for (Breakpoint b : s.breakpoints()) {
                int off = b.onEntry() ? firstOffsetOf(b.functionIndex()) : b.wasmOffset();
                int line = off >= 0 ? wat.lineAtOrBefore(off) : -1;
                if (line >= 0 && wat.offsetAt(line) == off) bps.put(line, b.enabled());
            }
        }
        area.setBreakpoints(bps);
        if (s != null && s.step() == shownStep) return;
        shownStep = s == null ? -1 : s.step();
        FrameInfo top = s == null ? null : s.top();
        int line = top == null ? -1 : wat.lineAtOrBefore(top.wasmOffset());
        // Styled before the lines come into view, so the stop is painted styled at once.
        if (line >= 0) styleNow(line - AROUND, line + AROUND);
        currentLine = line >= 0 && line < wat.lineCount() ? line : -1;
        selectedFrameLine = -1;
        area.setMarks(currentLine, -1);
        // Scrolled at the start of the pulse that draws this stop.
        if (line >= 0) nextLayout.request(() -> reveal(line));
    }

    /** Marks the line a selected caller frame is at (its return point), or clears it. */
    public void selectFrame(FrameInfo frame) {
        selectedFrameLine = -1;
        int line = frame == null || wat == null ? -1 : wat.lineAtOrBefore(frame.wasmOffset());
        if (line >= 0 && line != currentLine) selectedFrameLine = line;
        area.setMarks(currentLine, selectedFrameLine);
        if (selectedFrameLine >= 0) reveal(selectedFrameLine);
    }

    /**
     * The mark drawn on {@code line} ("current-line", "frame-line" or "" for none), as the view last
     * painted it; null when the line was not on screen.
     */
    public String shownMark(int line) {
        return area.shownMark(line);
    }

    /** Lines styled at once around a new current line: more than a viewport shows above and below it. */
    private static final int AROUND = 60;

    /** Styles lines {@code first..last} that have no styles yet, on this thread. */
    private void styleNow(int first, int last) {
        first = Math.max(0, first);
        last = Math.min(wat.lineCount() - 1, last);
        boolean any = false;
        for (int l = first; l <= last; l++) {
            if (styled.get(l)) continue;
            runs[l] = LineRuns.of(WatHighlighter.spans(displayed(wat.line(l))));
            styled.set(l);
            any = true;
        }
        if (any) area.repaint();
    }

    /** Lines that have syntax styles so far (only ever those scrolled into view, plus a margin). */
    public int styledCount() {
        return styled.cardinality();
    }

    public int currentLine() {
        return currentLine;
    }

    /** Scrolls {@code line} to the middle of the view unless it is already comfortably visible. */
    public void reveal(int line) {
        if (wat == null || line < 0 || line >= wat.lineCount()) return;
        area.moveCaret(line);
        if (!area.comfortablyVisible(line)) scrollTo(line);
    }

    /** Puts the caret on {@code line} and centres it, with the start of its code in view, styling the lines around it first. */
    private void scrollTo(int line) {
        styleNow(line - AROUND, line + AROUND);
        area.moveCaret(line);
        area.centre(line);
    }

    /** Line the caret is on (for run-to-cursor and toggling breakpoints from the keyboard). */
    public int caretLine() {
        return area.caretLine();
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

    // ---- syntax highlighting off the FX thread ------------------------------------------------

    /** Styles, on the highlighter thread, the lines in view and a margin around them that have no styles yet. */
    private void styleVisible() {
        if (wat == null || wat.lineCount() == 0) return;
        int first = area.firstVisibleLine();
        int last = area.lastVisibleLine();
        if (first < 0) {
            first = 0;
            last = Math.min(wat.lineCount() - 1, 80);
        }
        first = Math.max(0, first - 40);
        last = Math.min(wat.lineCount() - 1, Math.min(last, first + 300) + 40);
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
        LineRuns[] target = runs;
        styler.execute(() -> {
            List<LineRuns> done = new ArrayList<>(todo.size());
            for (int l : todo) done.add(LineRuns.of(WatHighlighter.spans(displayed(w.line(l)))));
            Platform.runLater(() -> {
                if (gen != generation) return;
                for (int i = 0; i < todo.size(); i++) {
                    int l = todo.get(i);
                    styling.clear(l);
                    if (!styled.get(l)) {
                        target[l] = done.get(i);
                        styled.set(l);
                    }
                }
                area.repaint();
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
