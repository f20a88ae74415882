package io.backstep.app.ui.view;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.application.Platform;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A read-only code text with a gutter, painted on one {@link Canvas}: only the lines in view are drawn,
 * and a scroll to a new place repaints them instead of building nodes for the lines that come into view
 * (a text area's cells, each with its CSS pass, were what kept the code views from following a timeline
 * drag). The font is monospaced, so a point's line and column are arithmetic.
 *
 * <p>Colours and fonts still come from the style sheet: the control holds a hidden node for each style
 * it paints (a token's style class, the gutter, the breakpoint marks, the current and caller lines'
 * bands, the selection) and reads their resolved fill, font or background, again whenever CSS changes
 * them (a theme switch). The gutter shows a label per line (byte offset or line number), a breakpoint
 * slot (a click toggles) and the current line's arrow; the current and caller lines are bands across the
 * whole line. Mouse selection, Ctrl+C, arrow and page keys are handled; other shortcuts (Ctrl+Home,
 * Ctrl+End) are left to the window.
 */
public final class CodeCanvas extends Region {
    /** The text shown, line by line. */
    public interface Lines {
        int count();

        String text(int line);

        /** The line's style runs, or null to paint it in the default style (not styled yet). */
        LineRuns runs(int line);
    }

    /** No text: what is shown before anything is loaded. */
    public static final Lines EMPTY = new Lines() {
        @Override
        public int count() {
            return 0;
        }

        @Override
        public String text(int line) {
            return "";
        }

        @Override
        public LineRuns runs(int line) {
            return null;
        }
    };

    // Gutter geometry (the former gutter nodes' padding and sizes): left pad, slot, gap, label, gap, arrow, right pad.
    static final double GUTTER_LEFT = 4;
    static final double SLOT = 11;
    static final double GAP = 4;
    static final double ARROW_WIDTH = 12;
    static final double GUTTER_RIGHT = 6;
    /** Space between the gutter and the first column. */
    static final double TEXT_LEFT = 2;

    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final ScrollBar hbar = new ScrollBar();
    private final CodePalette palette = new CodePalette(this::repaint);

    private Lines lines = EMPTY;
    private int maxColumns;
    private double scrollX;
    private double scrollY;
    /** A line to centre once the control has a height (it was asked before its first layout). */
    private int pendingCentre = -1;
    private boolean syncingBars;

    private IntFunction<String> gutterLabel = l -> "";
    private boolean labelRight;
    private double labelWidth = 48;
    private Map<Integer, Boolean> breakpoints = Map.of();
    private IntConsumer onGutterClick = l -> { };
    private Runnable onViewportChanged = () -> { };
    private ContextMenu contextMenu;

    private int current = -1;
    private int frame = -1;
    private int anchorLine;
    private int anchorCol;
    private int caretLine;
    private int caretCol;
    private boolean selecting;
    private int gutterPress = -1;
    private int hoverSlot = -1;

    // What the last paint drew, for shownMark/shownBreakpoint (what the user sees, not what is asked).
    private int paintedFirst = -1;
    private int paintedLast = -1;
    private int paintedCurrent = -1;
    private int paintedFrame = -1;
    private Map<Integer, Boolean> paintedBreakpoints = Map.of();

    // Metrics of the code font, measured when the font changes.
    private Font font;
    private double charWidth = 8;
    private double lineHeight = 17;
    private double baseline = 13;

    public CodeCanvas() {
        getStyleClass().add("code-canvas");
        setFocusTraversable(true);
        vbar.setOrientation(Orientation.VERTICAL);
        vbar.setVisible(false);
        hbar.setVisible(false);
        getChildren().addAll(canvas, vbar, hbar, palette.root);
        vbar.valueProperty().addListener((o, a, v) -> {
            if (!syncingBars) setScrollY(v.doubleValue());
        });
        hbar.valueProperty().addListener((o, a, v) -> {
            if (!syncingBars) setScrollX(v.doubleValue());
        });
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> selecting = false);
        addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            if (contextMenu == null) return;
            contextMenu.show(this, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    // ---- content -------------------------------------------------------------------------------

    /** Shows {@code text} from its first line, with no selection and no marks. */
    public void setLines(Lines text) {
        lines = text == null ? EMPTY : text;
        int max = 0;
        for (int l = 0; l < lines.count(); l++) max = Math.max(max, lines.text(l).length());
        maxColumns = max;
        current = -1;
        frame = -1;
        anchorLine = anchorCol = caretLine = caretCol = 0;
        pendingCentre = -1;
        scrollX = 0;
        scrollY = 0;
        repaint();
    }

    public Lines lines() {
        return lines;
    }

    public int lineCount() {
        return lines.count();
    }

    /** Paints again (a line's runs or the breakpoints changed). */
    public void repaint() {
        setNeedsLayout(true);
        Platform.requestNextPulse();
    }

    /** The gutter's label of each line (an offset, a line number), right-aligned or not, in a column {@code width} wide. */
    public void setGutter(IntFunction<String> label, boolean rightAligned, double width) {
        gutterLabel = label;
        labelRight = rightAligned;
        labelWidth = width;
        repaint();
    }

    /** Breakpoint marks by line: true for enabled, false for disabled. */
    public void setBreakpoints(Map<Integer, Boolean> byLine) {
        breakpoints = Map.copyOf(byLine);
        repaint();
    }

    /** Called with the line whose gutter slot was clicked. */
    public void setOnGutterClick(IntConsumer action) {
        onGutterClick = action;
    }

    /** Called after a paint that showed other lines than the paint before it (to style what came into view). */
    public void setOnViewportChanged(Runnable action) {
        onViewportChanged = action;
    }

    public void setContextMenu(ContextMenu menu) {
        contextMenu = menu;
    }

    /** Marks the current line (arrow and band) and a caller frame's line; -1 for none. */
    public void setMarks(int currentLine, int frameLine) {
        if (currentLine == current && frameLine == frame) return;
        current = currentLine;
        frame = frameLine;
        repaint();
    }

    /**
     * The mark painted on {@code line} ("current-line", "frame-line" or "" for none), as the last paint
     * drew it; null when that paint did not show the line.
     */
    public String shownMark(int line) {
        if (line < paintedFirst || line > paintedLast) return null;
        return line == paintedCurrent ? "current-line" : line == paintedFrame ? "frame-line" : "";
    }

    /** The breakpoint mark painted in {@code line}'s gutter ("bp-on", "bp-off" or ""); null when the last paint did not show the line. */
    public String shownBreakpoint(int line) {
        if (line < paintedFirst || line > paintedLast) return null;
        Boolean b = paintedBreakpoints.get(line);
        return b == null ? "" : b ? "bp-on" : "bp-off";
    }

    // ---- scrolling -----------------------------------------------------------------------------

    public double lineHeight() {
        ensureMetrics();
        return lineHeight;
    }

    public double charWidth() {
        ensureMetrics();
        return charWidth;
    }

    public double gutterWidth() {
        return GUTTER_LEFT + SLOT + GAP + labelWidth + GAP + ARROW_WIDTH + GUTTER_RIGHT;
    }

    public double scrollX() {
        return scrollX;
    }

    public double scrollY() {
        return scrollY;
    }

    public void setScrollX(double x) {
        double v = clamp(x, maxScrollX());
        if (v == scrollX) return;
        scrollX = v;
        repaint();
    }

    public void setScrollY(double y) {
        double v = clamp(y, maxScrollY());
        if (v == scrollY) return;
        scrollY = v;
        repaint();
    }

    private static double clamp(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }

    private double viewHeight() {
        return canvas.getHeight();
    }

    private double maxScrollY() {
        return Math.max(0, lines.count() * lineHeight() - viewHeight());
    }

    private double maxScrollX() {
        return Math.max(0, maxColumns * charWidth() + 2 * TEXT_LEFT - (canvas.getWidth() - gutterWidth()));
    }

    /** The first line in view (at the scroll position now, laid out or not), or -1 when there is none. */
    public int firstVisibleLine() {
        if (lines.count() == 0 || viewHeight() <= 0) return -1;
        return Math.min(lines.count() - 1, (int) Math.floor(scrollY / lineHeight()));
    }

    /** The last line in view, at least partly, or -1 when there is none. */
    public int lastVisibleLine() {
        if (lines.count() == 0 || viewHeight() <= 0) return -1;
        return Math.min(lines.count() - 1, (int) Math.floor((scrollY + viewHeight() - 1) / lineHeight()));
    }

    /** Whether {@code line} is in view with a line or more to spare above and below it. */
    public boolean comfortablyVisible(int line) {
        int first = firstVisibleLine();
        int last = lastVisibleLine();
        return first >= 0 && last - first > 4 && line > first + 1 && line < last - 1;
    }

    /**
     * Scrolls {@code line} to the middle of the view and back to the left edge, where every line's text
     * starts (a sideways scroll kept from a long line elsewhere would hide a new line's text). Before the
     * first layout, centred once the view has a height.
     */
    public void centre(int line) {
        if (line < 0 || line >= lines.count()) return;
        scrollX = 0;
        if (viewHeight() <= 0) {
            pendingCentre = line;
            repaint();
            return;
        }
        pendingCentre = -1;
        scrollY = clamp(line * lineHeight() - (viewHeight() - lineHeight()) / 2, maxScrollY());
        repaint();
    }

    /** Scrolls the least needed for {@code line} to be in view. */
    public void scrollToShow(int line) {
        if (line < 0 || line >= lines.count() || viewHeight() <= 0) return;
        double top = line * lineHeight();
        if (top < scrollY) setScrollY(top);
        else if (top + lineHeight() > scrollY + viewHeight()) setScrollY(top + lineHeight() - viewHeight());
    }

    // ---- caret and selection -------------------------------------------------------------------

    /** The line the caret is on (where the user last clicked, or where the view was sent). */
    public int caretLine() {
        return caretLine;
    }

    /** Puts the caret at the start of {@code line}, without a selection. */
    public void moveCaret(int line) {
        if (line < 0 || line >= lines.count()) return;
        caretLine = anchorLine = line;
        caretCol = anchorCol = 0;
        repaint();
    }

    /** Selects from (line, column) to (line, column), the caret at the second. */
    public void select(int fromLine, int fromCol, int toLine, int toCol) {
        anchorLine = clampLine(fromLine);
        anchorCol = clampCol(anchorLine, fromCol);
        caretLine = clampLine(toLine);
        caretCol = clampCol(caretLine, toCol);
        repaint();
    }

    /** The selection from its start to its end, whichever of anchor and caret comes first. */
    private record Range(int l0, int c0, int l1, int c1) {
        boolean isEmpty() {
            return l0 == l1 && c0 == c1;
        }
    }

    private Range selection() {
        boolean forward = anchorLine < caretLine || (anchorLine == caretLine && anchorCol <= caretCol);
        return forward ? new Range(anchorLine, anchorCol, caretLine, caretCol) : new Range(caretLine, caretCol, anchorLine, anchorCol);
    }

    /** The selected text, lines joined by '\n'; "" without a selection. */
    public String selectedText() {
        Range r = selection();
        if (lines.count() == 0 || r.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (int l = r.l0(); l <= r.l1(); l++) {
            String t = lines.text(l);
            int from = l == r.l0() ? Math.min(r.c0(), t.length()) : 0;
            int to = l == r.l1() ? Math.min(r.c1(), t.length()) : t.length();
            if (l > r.l0()) b.append('\n');
            if (to > from) b.append(t, from, to);
        }
        return b.toString();
    }

    /** Puts the selection on the clipboard (nothing happens without one). */
    public void copy() {
        String s = selectedText();
        if (s.isEmpty()) return;
        ClipboardContent c = new ClipboardContent();
        c.putString(s);
        Clipboard.getSystemClipboard().setContent(c);
    }

    private int clampLine(int l) {
        return Math.max(0, Math.min(lines.count() - 1, l));
    }

    private int clampCol(int line, int col) {
        if (lines.count() == 0) return 0;
        return Math.max(0, Math.min(lines.text(line).length(), col));
    }

    // ---- hit-testing ---------------------------------------------------------------------------

    /** The line at {@code y} in this control's coordinates, or -1 below the last line (or above the first). */
    public int lineAt(double y) {
        if (y < 0 || y >= viewHeight()) return -1;
        int l = (int) Math.floor((y + scrollY) / lineHeight());
        return l < lines.count() ? l : -1;
    }

    /** The column nearest {@code x} in this control's coordinates (0 left of the text). */
    public int columnAt(double x) {
        double c = (x - gutterWidth() - TEXT_LEFT + scrollX) / charWidth();
        return Math.max(0, (int) Math.round(c));
    }

    /** Whether {@code x}, in this control's coordinates, is in the gutter. */
    public boolean inGutter(double x) {
        return x >= 0 && x < gutterWidth();
    }

    /** Where {@code line} lies on screen (gutter and text, the view's width), if it is in view. */
    public Optional<Bounds> lineBoundsOnScreen(int line) {
        if (line < firstVisibleLine() || line > lastVisibleLine() || line < 0) return Optional.empty();
        return Optional.ofNullable(canvas.localToScreen(new BoundingBox(0, line * lineHeight() - scrollY, canvas.getWidth(), lineHeight())));
    }

    /** Where columns {@code from..to} of {@code line} are drawn on screen, if the line is in view. */
    public Optional<Bounds> characterBoundsOnScreen(int line, int from, int to) {
        if (line < firstVisibleLine() || line > lastVisibleLine() || line < 0) return Optional.empty();
        double x = gutterWidth() + TEXT_LEFT + from * charWidth() - scrollX;
        return Optional.ofNullable(canvas.localToScreen(new BoundingBox(x, line * lineHeight() - scrollY, (to - from) * charWidth(), lineHeight())));
    }

    /** The code's part of the view on screen: right of the gutter, above the scroll bars. */
    public Bounds textAreaOnScreen() {
        return canvas.localToScreen(new BoundingBox(gutterWidth(), 0, Math.max(0, canvas.getWidth() - gutterWidth()), canvas.getHeight()));
    }

    // ---- input ---------------------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        requestFocus();
        int line = lineAt(e.getY());
        if (inGutter(e.getX())) {
            gutterPress = e.getButton() == MouseButton.PRIMARY ? line : -1;
            return;
        }
        gutterPress = -1;
        if (line < 0 || e.getX() >= canvas.getWidth()) {
            if (line < 0 && e.getY() < viewHeight() && lines.count() > 0 && e.getButton() == MouseButton.PRIMARY) {
                select(lines.count() - 1, Integer.MAX_VALUE, lines.count() - 1, Integer.MAX_VALUE);
            }
            return;
        }
        int col = clampCol(line, columnAt(e.getX()));
        if (e.getButton() == MouseButton.PRIMARY) {
            if (e.isShiftDown()) select(anchorLine, anchorCol, line, col);
            else select(line, col, line, col);
            selecting = true;
        } else if (e.getButton() == MouseButton.SECONDARY && selectedText().isEmpty()) {
            select(line, col, line, col); // a context menu's "run to cursor" acts on the line clicked
        }
    }

    private void dragged(MouseEvent e) {
        if (!selecting || lines.count() == 0) return;
        double y = e.getY();
        if (y < 0) setScrollY(scrollY - lineHeight());
        else if (y >= viewHeight()) setScrollY(scrollY + lineHeight());
        int line = clampLine((int) Math.floor((clamp(y, viewHeight() - 1) + scrollY) / lineHeight()));
        select(anchorLine, anchorCol, line, columnAt(e.getX()));
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !inGutter(e.getX())) {
            selectWordAt(lineAt(e.getY()), columnAt(e.getX()));
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY || !inGutter(e.getX())) return;
        int line = lineAt(e.getY());
        if (line >= 0 && line == gutterPress && e.isStillSincePress()) onGutterClick.accept(line);
        gutterPress = -1;
    }

    /**
     * Selects the word around {@code col} of {@code line} (a double click): a run of letters, digits,
     * '_', '$' and '.', so that {@code $__stdio_exit}, {@code i32.load}, {@code 0x7ce} and
     * {@code board.leader} are one word each, and '=', '(' or a blank end one. Nothing on a blank.
     */
    public void selectWordAt(int line, int col) {
        if (line < 0 || line >= lines.count()) return;
        String text = lines.text(line);
        if (col >= text.length() || !isWordChar(text.charAt(col))) return;
        int from = col;
        while (from > 0 && isWordChar(text.charAt(from - 1))) from--;
        int to = col;
        while (to < text.length() && isWordChar(text.charAt(to))) to++;
        select(line, from, line, to);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    private void moved(MouseEvent e) {
        boolean gutter = inGutter(e.getX());
        setCursor(gutter ? Cursor.HAND : e.getX() < canvas.getWidth() ? Cursor.TEXT : Cursor.DEFAULT);
        hover(gutter ? lineAt(e.getY()) : -1);
    }

    private void hover(int line) {
        if (line == hoverSlot) return;
        hoverSlot = line;
        repaint();
    }

    private void scrolled(ScrollEvent e) {
        if (lines.count() == 0) return;
        double dx = e.getDeltaX();
        double dy = e.getDeltaY();
        if (e.isShiftDown() && dx == 0) {
            dx = dy;
            dy = 0;
        }
        if (dy != 0) setScrollY(scrollY - dy);
        if (dx != 0) setScrollX(scrollX - dx);
        e.consume();
    }

    /** Keys for reading and copying; anything else (Ctrl+Home, Ctrl+End, F-keys) goes on to the window's shortcuts. */
    private void keyPressed(KeyEvent e) {
        if (lines.count() == 0) return;
        if (e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
            if (e.getCode() == KeyCode.C) copy();
            else if (e.getCode() == KeyCode.A) select(0, 0, lines.count() - 1, Integer.MAX_VALUE);
            else return;
            e.consume();
            return;
        }
        if (e.isShortcutDown() || e.isAltDown() || e.isMetaDown()) return;
        int page = Math.max(1, (int) (viewHeight() / lineHeight()) - 1);
        switch (e.getCode()) {
            case UP -> caretTo(caretLine - 1, e.isShiftDown());
            case DOWN -> caretTo(caretLine + 1, e.isShiftDown());
            case PAGE_UP -> {
                setScrollY(scrollY - page * lineHeight());
                caretTo(caretLine - page, e.isShiftDown());
            }
            case PAGE_DOWN -> {
                setScrollY(scrollY + page * lineHeight());
                caretTo(caretLine + page, e.isShiftDown());
            }
            case LEFT -> setScrollX(scrollX - 4 * charWidth());
            case RIGHT -> setScrollX(scrollX + 4 * charWidth());
            case HOME -> setScrollX(0);
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void caretTo(int line, boolean extend) {
        int l = clampLine(line);
        if (extend) select(anchorLine, anchorCol, l, 0);
        else select(l, 0, l, 0);
        scrollToShow(l);
    }

    // ---- layout and paint ----------------------------------------------------------------------

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }

    @Override
    protected void layoutChildren() {
        ensureMetrics();
        double w = getWidth();
        double h = getHeight();
        double vw = vbar.prefWidth(-1);
        double hh = hbar.prefHeight(-1);
        double contentH = lines.count() * lineHeight;
        double contentW = gutterWidth() + maxColumns * charWidth + 2 * TEXT_LEFT;
        boolean needV = contentH > h;
        boolean needH = contentW > w - (needV ? vw : 0);
        if (needH && !needV) needV = contentH > h - hh;
        double cw = Math.max(0, w - (needV ? vw : 0));
        double ch = Math.max(0, h - (needH ? hh : 0));
        canvas.setWidth(cw);
        canvas.setHeight(ch);
        vbar.setVisible(needV);
        hbar.setVisible(needH);
        if (needV) vbar.resizeRelocate(cw, 0, vw, ch);
        if (needH) hbar.resizeRelocate(0, ch, cw, hh);
        if (pendingCentre >= 0 && ch > 0) centre(pendingCentre);
        scrollY = clamp(scrollY, maxScrollY());
        scrollX = clamp(scrollX, maxScrollX());
        syncBars();
        paint();
    }

    private void syncBars() {
        syncingBars = true;
        try {
            sync(vbar, maxScrollY(), viewHeight(), scrollY, lineHeight);
            sync(hbar, maxScrollX(), canvas.getWidth() - gutterWidth(), scrollX, charWidth * 4);
        } finally {
            syncingBars = false;
        }
    }

    private static void sync(ScrollBar bar, double max, double view, double value, double unit) {
        bar.setMin(0);
        bar.setMax(max);
        bar.setVisibleAmount(max <= 0 ? 0 : max * view / (max + view));
        bar.setUnitIncrement(unit);
        bar.setBlockIncrement(Math.max(unit, view - unit));
        bar.setValue(value);
    }

    private void ensureMetrics() {
        Font f = palette.plain.getFont();
        if (f.equals(font)) return;
        font = f;
        MonoMetrics m = MonoMetrics.of(f);
        charWidth = m.charWidth();
        lineHeight = Math.ceil(m.height());
        baseline = m.baseline();
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        int first = firstVisibleLine();
        int last = lastVisibleLine();
        boolean moved = first != paintedFirst || last != paintedLast;
        paintedFirst = first;
        paintedLast = last;
        paintedCurrent = current;
        paintedFrame = frame;
        paintedBreakpoints = breakpoints;
        if (w <= 0 || h <= 0) return;
        double gw = gutterWidth();
        g.setFill(palette.background(palette.gutter));
        g.fillRect(0, 0, Math.min(gw, w), h);
        if (first < 0) {
            if (moved) onViewportChanged.run();
            return;
        }
        // Bands: the caret's line under the text, the caller's and the current line across gutter and text.
        for (int l = first; l <= last; l++) {
            double y = l * lineHeight - scrollY;
            if (l == caretLine) fill(g, palette.background(palette.caretLine), gw, y, w - gw, lineHeight);
            if (l == frame) fill(g, palette.background(palette.frameBand), 0, y, w, lineHeight);
            if (l == current) fill(g, palette.background(palette.currentBand), 0, y, w, lineHeight);
        }
        paintSelection(g, first, last, gw, w);
        g.save();
        g.beginPath();
        g.rect(gw, 0, Math.max(0, w - gw), h);
        g.clip();
        g.setTextBaseline(VPos.BASELINE);
        int firstCol = (int) Math.floor(scrollX / charWidth);
        int lastCol = firstCol + (int) Math.ceil((w - gw) / charWidth) + 1;
        for (int l = first; l <= last; l++) paintLine(g, l, l * lineHeight - scrollY + baseline, gw + TEXT_LEFT - scrollX, firstCol, lastCol);
        g.restore();
        paintGutter(g, first, last);
        if (moved) onViewportChanged.run();
    }

    private static void fill(GraphicsContext g, Paint p, double x, double y, double w, double h) {
        if (p == null) return;
        g.setFill(p);
        g.fillRect(x, y, w, h);
    }

    private void paintSelection(GraphicsContext g, int first, int last, double gw, double w) {
        Range r = selection();
        if (r.isEmpty()) return;
        g.setFill(palette.selection.getFill());
        double x0 = gw + TEXT_LEFT - scrollX;
        for (int l = Math.max(first, r.l0()); l <= Math.min(last, r.l1()); l++) {
            int from = l == r.l0() ? r.c0() : 0;
            int to = l == r.l1() ? r.c1() : lines.text(l).length() + 1; // a whole line's selection shows its line break
            double left = Math.max(gw, x0 + from * charWidth);
            double right = Math.min(w, x0 + to * charWidth);
            if (right > left) g.fillRect(left, l * lineHeight - scrollY, right - left, lineHeight);
        }
    }

    private void paintLine(GraphicsContext g, int line, double y, double x0, int firstCol, int lastCol) {
        String text = lines.text(line);
        if (text.isEmpty() || firstCol >= text.length()) return;
        LineRuns runs = lines.runs(line);
        int start = 0;
        int n = runs == null ? 1 : runs.count();
        for (int i = 0; i < n && start < lastCol; i++) {
            int end = runs == null ? text.length() : Math.min(text.length(), runs.end(i));
            int from = Math.max(start, firstCol);
            int to = Math.min(end, lastCol);
            if (to > from) {
                String sub = text.substring(from, to);
                if (!sub.isBlank()) {
                    Text look = palette.token(runs == null ? null : runs.style(i));
                    g.setFont(look.getFont());
                    g.setFill(look.getFill());
                    g.fillText(sub, x0 + from * charWidth, y);
                }
            }
            start = end;
        }
    }

    private void paintGutter(GraphicsContext g, int first, int last) {
        Text label = palette.label;
        Font labelFont = label.getFont();
        MonoMetrics labelCell = palette.labelMetrics();
        double labelH = labelCell.height();
        double labelBase = labelCell.baseline();
        double labelChar = labelCell.charWidth();
        double slotX = GUTTER_LEFT;
        double labelX = GUTTER_LEFT + SLOT + GAP;
        double arrowX = gutterWidth() - GUTTER_RIGHT - ARROW_WIDTH;
        g.setTextBaseline(VPos.BASELINE);
        for (int l = first; l <= last; l++) {
            double y = l * lineHeight - scrollY;
            Boolean bp = breakpoints.get(l);
            double slotY = y + (lineHeight - SLOT) / 2;
            if (bp != null && bp) {
                g.setFill(palette.background(palette.bpOn));
                g.fillOval(slotX, slotY, SLOT, SLOT);
            } else if (bp != null) {
                Paint stroke = palette.border(palette.bpOff);
                if (stroke != null) {
                    g.setStroke(stroke);
                    g.setLineWidth(1.5);
                    g.strokeOval(slotX + 0.75, slotY + 0.75, SLOT - 1.5, SLOT - 1.5);
                }
            } else if (l == hoverSlot) {
                g.setFill(palette.background(palette.bpHover));
                g.fillOval(slotX, slotY, SLOT, SLOT);
            }
            String s = gutterLabel.apply(l);
            if (s != null && !s.isEmpty()) {
                g.setFont(labelFont);
                g.setFill(label.getFill());
                double x = labelRight ? labelX + labelWidth - s.length() * labelChar : labelX;
                g.fillText(s, x, y + (lineHeight - labelH) / 2 + labelBase);
            }
            if (l == current) {
                Text arrow = palette.arrow;
                g.setFont(arrow.getFont());
                g.setFill(arrow.getFill());
                double ah = arrow.getLayoutBounds().getHeight();
                g.fillText(arrow.getText(), arrowX, y + (lineHeight - ah) / 2 + arrow.getBaselineOffset());
            }
        }
    }
}
