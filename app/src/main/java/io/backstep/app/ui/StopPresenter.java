package io.backstep.app.ui;

import io.backstep.app.ui.view.CallStackRow;
import io.backstep.app.ui.view.VariablesView;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Stop;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Turns a stop ({@link StopState}) into what the views show: variable rows (compared with the previous
 * stop for the "changed" highlight), the status line and the step counter. Only the views hold UI state;
 * the row building is pure and reads nothing but the stop.
 *
 * <p>While the timeline knob is dragged, stops arrive as fast as the timeline can seek; each is shown
 * only in the views that are cheap to draw and that follow a drag (step counter, status line, code and
 * source line, call stack). The others (variables, memory, tables, console, breakpoints) show the stop
 * the drag rests on: when it pauses for {@link #SETTLE} or ends.
 */
final class StopPresenter {
    private final Views views;
    private final TrapBanner trapBanner;
    private final Session session;
    private final SourcePresenter source;
    private final SourceVariablesPresenter sourceVariables;
    private FrameInfo selectedFrame;
    /** True while the knob is held; see the class comment. */
    private boolean scrubbing;
    /** True once the held knob has not moved for {@link #SETTLE}: every view then follows it. */
    private boolean resting;
    /** The stop shown in the cheap views only, whose other views are still to be drawn; or null. */
    private StopState deferred;
    /** While {@code show} refills the call stack, its selection events are not the user's. */
    private boolean fillingStack;
    /** How long the knob must rest before the other views show the stop it rests on. */
    static final Duration SETTLE = Duration.millis(250);
    private final PauseTransition settle = new PauseTransition(SETTLE);

    StopPresenter(Views views, TrapBanner trapBanner, Session session, SourcePresenter source, SourceVariablesPresenter sourceVariables) {
        this.views = views;
        this.trapBanner = trapBanner;
        this.session = session;
        this.source = source;
        this.sourceVariables = sourceVariables;
        settle.setOnFinished(e -> {
            resting = true;
            if (!session.scrubPending()) showDeferred();
        });
    }

    /** The knob was grabbed ({@code true}) or released; on release the views all show the stop reached. */
    void setScrubbing(boolean on) {
        scrubbing = on;
        knobMoved();
        if (!on) {
            settle.stop();
            if (!session.scrubPending()) showDeferred();
        }
    }

    /** The held knob moved: the views that are slow to draw wait until it rests again. */
    void knobMoved() {
        resting = false;
        if (scrubbing) settle.playFromStart();
    }

    /** The views that were left behind during a drag, brought to the stop shown (if it is still that one). */
    private void showDeferred() {
        StopState s = deferred;
        if (s != null && s == session.snapshot()) show(s, false);
    }

    /** The frame chosen in the call stack (its variables are shown), or null for the innermost one. */
    void selectFrame(CallStackRow e) {
        if (fillingStack) return;
        FrameInfo f = e == null ? null : e.frame();
        selectedFrame = f;
        StopState s = session.snapshot();
        showLocals(s, session.previous());
        views.code.selectFrame(f != null && s != null && f != s.top() ? f : null);
        if (e != null && e.source() != null) {
            source.selectFrame(e.source(), e.sourceIndex() == 0);
            sourceVariables.selectFrame(e.sourceIndex());
        }
    }

    /** Shows {@code s}: in the cheap views only while a drag is on its way (see the class comment), else in all. */
    void show(StopState s) {
        show(s, session.scrubPending() || (scrubbing && !resting));
    }

    private void show(StopState s, boolean cheapOnly) {
        StopState prev = session.previous();
        deferred = null;
        if (s == null) {
            showNothing();
            return;
        }
        // The code view first: it is what the user watches after a command, and it must never show an
        // older location than the call stack does.
        views.code.show(s);
        source.show(s);
        fillingStack = true;
        try {
            views.stack.setFrames(s.frames(), s.source());
        } finally {
            fillingStack = false;
        }
        selectedFrame = null; // the stack shows the innermost frame selected
        views.timeline.show(s.endStep(), s.step(), s.markers(), session.hitSteps());
        trapBanner.show(s);
        views.stepLabel.setText(String.format("Step %,d / %,d", s.step(), s.endStep()));
        views.status.setText((describe(s) + "   " + where(s) + noSource(s)).strip());
        if (cheapOnly) {
            deferred = s;
            return;
        }
        showLocals(s, prev);
        sourceVariables.show(s, prev);
        views.globals.setRows(globalRows(s, true), prev == null ? null : globalRows(prev, false));
        views.tables.setRows(tableRows(s), null);
        views.memory.show(s.step(), s.memorySize());
        views.console.show(s.console());
        views.breakpoints.show(s);
        views.sizeLabel.setText("Recording " + humanBytes(s.journalBytes()));
    }

    /** The stop whose every view is drawn, or null while some still show an earlier one (during a drag). */
    StopState fullyShown() {
        return deferred == null ? session.snapshot() : null;
    }

    /** Why the stop has no source level, for the status line ("" when it has one or nothing is loaded). */
    private String noSource(StopState s) {
        Session.Loaded l = session.loaded();
        if (l == null) return "";
        String why = !l.sourceInfo().available() ? l.sourceInfo().status() : s.source() == null ? session.sourceTrouble() : null;
        return why == null ? "" : "   (no source: " + SafeText.escape(why) + ")";
    }

    /** The innermost frame's file:line (with debug info) and its function and offset. */
    static String where(StopState s) {
        SourceStop.Frame top = s.source() == null ? null : s.source().top();
        String line = top == null ? null : top.where();
        return line == null ? where(s.top()) : SafeText.escape(line) + "   " + where(s.top());
    }

    private void showNothing() {
        views.code.show(null);
        source.show(null);
        sourceVariables.show(null, null);
        views.stack.getItems().clear();
        views.locals.clear();
        views.operands.clear();
        views.globals.clear();
        views.tables.clear();
        views.memory.clear();
        views.console.show("");
        views.breakpoints.show(null);
        views.timeline.show(0, 0, List.of(), List.of());
        trapBanner.show(null);
        views.stepLabel.setText("");
        views.sizeLabel.setText("");
        views.status.setText(session.busyProperty().get() ? session.busyTextProperty().get()
            : "No recording — File → Open, or drop a .wasm file here");
    }

    private void showLocals(StopState s, StopState prev) {
        FrameInfo f = s == null ? null : selectedFrame != null && s.frames().contains(selectedFrame) ? selectedFrame : s.top();
        if (f == null) {
            views.locals.clear();
            views.operands.clear();
            return;
        }
        // The same frame at the previous stop, if it is still the same function call depth and function.
        FrameInfo pf = prev != null && prev.frames().size() > f.depth() ? prev.frames().get(f.depth()) : null;
        if (pf != null && pf.functionIndex() != f.functionIndex()) pf = null;
        views.locals.setRows(localRows(f), pf == null ? null : localRows(pf));
        views.operands.setRows(operandRows(f), pf == null ? null : operandRows(pf));
    }

    static List<VariablesView.Row> globalRows(StopState s, boolean markConst) {
        List<VariablesView.Row> g = new ArrayList<>();
        for (GlobalVar v : s.globals()) {
            g.add(new VariablesView.Row("g" + v.index(), v.label() + (markConst && !v.mutable() ? "  (const)" : ""), v.value(), false));
        }
        return g;
    }

    static List<VariablesView.Row> tableRows(StopState s) {
        List<VariablesView.Row> rows = new ArrayList<>();
        for (int t = 0; t < s.tables().size(); t++) {
            List<Value> els = s.tables().get(t);
            for (int i = 0; i < els.size(); i++) rows.add(new VariablesView.Row(t + ":" + i, "table " + t + "[" + i + "]", els.get(i), false));
        }
        return rows;
    }

    static List<VariablesView.Row> localRows(FrameInfo f) {
        List<VariablesView.Row> rows = new ArrayList<>();
        for (LocalVar l : f.locals()) rows.add(new VariablesView.Row("l" + l.index(), l.label(), l.value(), false));
        return rows;
    }

    /** The operand stack, top first. */
    static List<VariablesView.Row> operandRows(FrameInfo f) {
        List<VariablesView.Row> rows = new ArrayList<>();
        List<Value> ops = f.operands();
        for (int i = ops.size() - 1; i >= 0; i--) {
            rows.add(new VariablesView.Row("o" + i, i == ops.size() - 1 ? "[" + i + "] top" : "[" + i + "]", ops.get(i), false));
        }
        return rows;
    }

    /** Why the program stopped here, in a sentence (empty for a plain step). */
    static String describe(StopState s) {
        Stop st = s.stop();
        String why = st == null ? "" : switch (st.reason()) {
            case BREAKPOINT -> "Breakpoint hit.";
            case WATCHPOINT -> s.source() != null && s.source().writtenAt() != null
                ? "Watchpoint hit: written by " + SafeText.escape(s.source().writtenAt().toString()) + "." : "Watchpoint hit.";
            case TRAP -> "Stopped at the trap.";
            case END -> "End of recording.";
            case START -> "Start of recording.";
            case PAUSED -> "Paused.";
            case STEP -> "";
        };
        if (s.status() == MachineState.Status.EXITED) why = (why + " Program exited with status " + s.exitStatus() + ".").trim();
        if (s.status() == MachineState.Status.FINISHED) why = (why + " Program finished.").trim();
        return why;
    }

    static String where(FrameInfo top) {
        return top == null ? "—" : String.format("%s @0x%06x",
            shownName(top.functionName(), top.functionIndex()), top.wasmOffset());
    }

    /** A function's name as the window shows it: module-supplied names are escaped (no control or bidi characters). */
    static String functionName(WasmModule m, int i) {
        return shownName(m.functionName(i), i);
    }

    /** Function {@code index}'s name {@code name} (may be null) as the window shows it. */
    static String shownName(String name, int index) {
        return name != null ? SafeText.escape(name) : "func[" + index + "]";
    }

    static String humanBytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format("%.1f KB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format("%.1f MB", b / (1024.0 * 1024));
        return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
    }
}
