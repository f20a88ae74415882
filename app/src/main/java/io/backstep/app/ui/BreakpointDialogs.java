package io.backstep.app.ui;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import io.backstep.app.ui.view.BreakpointsView;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.text.SafeText;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The dialogs of the Breakpoints view: add a breakpoint (function or offset, optional condition), edit
 * a condition, add a memory or a global watchpoint. They are the view's {@link BreakpointsView.Actions}.
 */
final class BreakpointDialogs implements BreakpointsView.Actions {
    private final Window owner;
    private final Session session;
    private final Views views;
    private final Alerts alerts;

    BreakpointDialogs(Window owner, Session session, Views views, Alerts alerts) {
        this.owner = owner;
        this.session = session;
        this.views = views;
        this.alerts = alerts;
    }

    @Override
    public void addBreakpoint() {
        Session.Loaded l = session.loaded();
        if (l == null) return;
        WatText w = views.code.wat();
        int caretOffset = w == null ? -1 : w.offsetAt(views.code.caretLine());
        TextField where = new TextField(caretOffset >= 0 ? String.format("0x%x", caretOffset) : "");
        where.setId("breakpoint-where");
        where.setPromptText(l.sourceInfo().available() ? "function name, file:line, or byte offset 0x…" : "function name, or byte offset 0x…");
        TextField cond = new TextField();
        cond.setId("breakpoint-condition");
        cond.setPromptText("optional condition, e.g. i == 8");
        if (!ask("Add breakpoint", grid(l.sourceInfo().available() ? "Function, line or offset" : "Function or offset", where, "Condition", cond))) return;
        String text = where.getText().strip();
        String c = cond.getText().isBlank() ? null : cond.getText().strip();
        java.util.regex.Matcher fileLine = Pattern.compile("(.+):(\\d+)").matcher(text);
        if (fileLine.matches() && l.sourceInfo().available()) {
            // A source line, file:line (corruption.c:120), with the condition in C.
            session.lineBreakpoint(fileLine.group(1), Integer.parseInt(fileLine.group(2)), c, false, views.status::setText,
                e -> alerts.error("No breakpoint set", Alerts.message(e)));
            return;
        }
        int fn = l.timeline().module().functionNamed(text);
        long off = fn >= 0 ? -1 : addressIn(text);
        if (off < 0) {
            // A function: by the module's name for it, else by its source name (main).
            if (fn < 0 && !l.sourceInfo().available()) {
                alerts.error("Unknown function", text);
                return;
            }
            session.functionBreakpoint(fn, text, c, views.status::setText,
                e -> alerts.error(e instanceof SourceException ? "Unknown function" : "Invalid condition", Alerts.message(e)));
            return;
        }
        int line = w == null || off > Integer.MAX_VALUE ? -1 : w.lineOfOffset((int) off);
        if (line < 0) {
            alerts.error("No instruction at that offset", text);
            return;
        }
        int inFunction = w.functionAt(line);
        session.edit(t -> t.addBreakpoint(inFunction, (int) off, c), e -> alerts.error("Invalid condition", Alerts.message(e)));
    }

    /** The module byte offset {@code text} gives (0x1b4, fd0, 436), or -1 if it is not a number. */
    private static long addressIn(String text) {
        try {
            return NumberInput.address(text);
        } catch (InputException e) {
            return -1;
        }
    }

    @Override
    public void addMemoryWatchpoint() {
        long start = views.memory.selectionStart();
        int length = start < 0 ? 4 : (int) (views.memory.selectionEnd() - start + 1);
        if (session.snapshot() == null) return;
        TextField addr = new TextField(start >= 0 ? String.format("0x%x", start) : "");
        addr.setPromptText(session.loaded() != null && session.loaded().sourceInfo().available()
            ? "address (0x… or decimal), or a C lvalue such as board.leader" : "address (hex 0x… or decimal)");
        addr.setPrefColumnCount(20); // room for the whole prompt
        addr.setId("watch-address");
        TextField len = new TextField(Integer.toString(length));
        len.setId("watch-length");
        if (!ask("Add memory watchpoint", grid("Address", addr, "Length (bytes)", len))) return;
        String text = addr.getText().strip();
        if (looksLikeC(text) && session.loaded().sourceInfo().available()) {
            // A C lvalue (st.divisor, p->next, a[3]): its address and size at the current step.
            session.lvalue(text, lv -> session.edit(t -> t.addMemoryWatchpoint(lv.address(), lv.length()),
                () -> views.status.setText(String.format("Watchpoint on %s (0x%x, %d bytes)", lv.expression(), lv.address(), lv.length())),
                e -> alerts.error("Invalid watchpoint", Alerts.message(e))), e -> alerts.error("Invalid watchpoint", Alerts.message(e)));
            return;
        }
        try {
            long a = NumberInput.address(addr.getText());
            long n = NumberInput.length(len.getText());
            if (n > Integer.MAX_VALUE) throw new InputException("'" + len.getText().strip() + "' is too long for a watchpoint");
            session.edit(t -> t.addMemoryWatchpoint(a, (int) n));
        } catch (InputException e) {
            alerts.error("Invalid watchpoint", e.getMessage());
        }
    }

    /**
     * Text that is not an address or address:length but names something: a C expression (a name,
     * member, element or dereference). A bare hexadecimal word such as {@code fd0} stays an address.
     */
    static boolean looksLikeC(String text) {
        try {
            NumberInput.range(text, 1);
            return false;
        } catch (InputException notAnAddress) {
            return text.matches("(?s).*[A-Za-z_].*");
        }
    }

    @Override
    public void addGlobalWatchpoint() {
        StopState s = session.snapshot();
        if (s == null || s.globals().isEmpty()) return;
        List<String> names = new ArrayList<>();
        for (GlobalVar g : s.globals()) if (g.mutable()) names.add(SafeText.escape(g.label()) + "  [" + g.index() + "]");
        if (names.isEmpty()) {
            alerts.info("No mutable globals", "This module has no global that can change.");
            return;
        }
        ChoiceDialog<String> d = new ChoiceDialog<>(names.get(0), names);
        d.initOwner(owner);
        d.setTitle("Add global watchpoint");
        d.setHeaderText("Stop when this global is written");
        d.showAndWait().ifPresent(v -> {
            Matcher m = Pattern.compile("\\[(\\d+)]$").matcher(v);
            if (m.find()) {
                int gi = Integer.parseInt(m.group(1));
                session.edit(t -> t.addGlobalWatchpoint(gi));
            }
        });
    }

    @Override
    public void remove(BreakpointsView.Item item) {
        session.edit(t -> {
            if (item.breakpoint() != null) t.removeBreakpoint(item.breakpoint().id());
            else t.removeWatchpoint(item.watchpoint().id());
        });
    }

    @Override
    public void setEnabled(BreakpointsView.Item item, boolean enabled) {
        if (item.breakpoint() != null) session.edit(t -> t.setBreakpointEnabled(item.breakpoint().id(), enabled));
        else session.edit(t -> t.setWatchpointEnabled(item.watchpoint().id(), enabled));
    }

    @Override
    public void editCondition(BreakpointsView.Item item) {
        Breakpoint b = item.breakpoint();
        var d = alerts.prompt("Breakpoint condition", "Condition (empty for none), e.g. i == 8, or $3 == 8 for an unnamed local",
            b.condition() == null ? "" : b.condition());
        // The new breakpoint is added before the old one goes: a condition that does not compile
        // then leaves the breakpoint as it was.
        d.showAndWait().ifPresent(c -> session.edit(t -> {
            Breakpoint nb = t.addBreakpoint(b.functionIndex(), b.wasmOffset(), c.isBlank() ? null : c.strip());
            t.removeBreakpoint(b.id());
            if (!b.enabled()) t.setBreakpointEnabled(nb.id(), false);
        }, e -> alerts.error("Invalid condition", Alerts.message(e) + "\n\nThe breakpoint keeps "
            + (b.condition() == null ? "no condition." : "its condition " + b.condition() + "."))));
    }

    @Override
    public void goTo(BreakpointsView.Item item) {
        if (item.breakpoint() != null) {
            Breakpoint b = item.breakpoint();
            if (b.onEntry()) views.code.goToFunction(b.functionIndex());
            else views.code.goToOffset(b.wasmOffset());
        } else if (item.watchpoint().kind() == Watchpoint.Kind.MEMORY) {
            views.memory.goTo(item.watchpoint().address(), item.watchpoint().length());
        }
    }

    private boolean ask(String title, GridPane content) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(title);
        d.getDialogPane().setContent(content);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        return d.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
    }

    private static GridPane grid(String label1, TextField field1, String label2, TextField field2) {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label(label1), field1);
        g.addRow(1, new Label(label2), field2);
        return g;
    }
}
