package io.backstep.app.ui;

import io.backstep.app.ui.view.SourceVariablesView;
import io.backstep.app.ui.view.WatchView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The source-level variables and the watch list of the selected frame: shows the rows read at the
 * stop, reads children on expansion and the variables of another frame through the session (so memory
 * is read on the timeline thread), and the row actions (watch, watchpoint, who wrote, show in memory).
 */
final class SourceVariablesPresenter {
    private final Session session;
    private final SourceVariablesView variables;
    private final WatchView watches;
    private final MemoryActions memory;
    private final Consumer<String> status;
    private StopState stop;
    private int frameIndex;

    SourceVariablesPresenter(Session session, SourceVariablesView variables, WatchView watches, MemoryActions memory, Consumer<String> status) {
        this.session = session;
        this.variables = variables;
        this.watches = watches;
        this.memory = memory;
        this.status = status;
        variables.setLoader((row, done) -> load(row, frameIndex, done));
        watches.tree().setLoader((row, done) -> load(row, 0, done));
        variables.setOnExpandedChanged(s -> expandedChanged());
        watches.tree().setOnExpandedChanged(s -> expandedChanged());
        List<SourceVariablesView.RowAction> actions = List.of(
            new SourceVariablesView.RowAction("var-add-watch", "Add to Watch", r -> expression(r) != null, r -> addWatch(expression(r))),
            new SourceVariablesView.RowAction("var-watchpoint", "Stop When Written (Watchpoint)", SourceVar::inMemory, this::watchpoint),
            new SourceVariablesView.RowAction("var-who-wrote", "Who Wrote This?", SourceVar::inMemory,
                r -> memory.whoWrote(r.address(), r.length())),
            new SourceVariablesView.RowAction("var-show-memory", "Show in Memory", SourceVar::inMemory,
                r -> memory.showRange(r.address(), r.length(), typed(r))));
        variables.setRowActions(actions);
        watches.tree().setRowActions(actions);
        watches.setOnAdd(this::addWatch);
        watches.setOnRemove(e -> {
            List<String> w = new ArrayList<>(session.watches());
            w.remove(e);
            session.setWatches(w);
        });
    }

    void show(StopState s, StopState prev) {
        boolean showedTop = frameIndex == 0; // the view holds the previous stop's innermost frame (compared below)
        stop = s;
        frameIndex = 0;
        if (s == null || s.source() == null) {
            variables.clear();
            watches.tree().clear();
            return;
        }
        SourceStop.Frame top = s.source().top();
        SourceStop.Frame prevTop = prev == null || prev.source() == null ? null : prev.source().top();
        boolean sameFrame = top != null && prevTop != null && top.functionIndex() == prevTop.functionIndex()
            && java.util.Objects.equals(top.function(), prevTop.function()) && s.frames().size() == prev.frames().size();
        variables.show(s.source().variables(), sameFrame && showedTop ? prev.source().variables() : null);
        watches.tree().show(s.source().watches(), prev == null || prev.source() == null ? null : prev.source().watches());
    }

    /** Shows the variables of source frame {@code index} of the stop (0 is the innermost). */
    void selectFrame(int index) {
        StopState s = stop;
        if (s == null || s.source() == null || index < 0) return;
        if (index == frameIndex) return;
        frameIndex = index;
        if (index == 0) {
            variables.show(s.source().variables(), null);
            return;
        }
        session.readFrameVariables(s.step(), index, rows -> {
            if (stop == s && frameIndex == index) variables.show(rows, null);
        });
    }

    private void load(SourceVar row, int frame, Consumer<List<SourceVar>> done) {
        StopState s = stop;
        if (s == null) return;
        // The same step may be shown again by a newer snapshot (an edit refreshes it): its rows still hold.
        session.readChildren(s.step(), frame, row.path(), kids -> {
            if (stop != null && stop.step() == s.step()) done.accept(kids);
        });
    }

    private void expandedChanged() {
        Set<String> all = new HashSet<>(variables.expandedPaths());
        all.addAll(watches.tree().expandedPaths());
        session.setExpanded(all);
    }

    void addWatch(String expression) {
        if (expression == null || expression.isBlank()) return;
        List<String> w = new ArrayList<>(session.watches());
        if (!w.contains(expression.strip())) w.add(expression.strip());
        session.setWatches(w);
    }

    private void watchpoint(SourceVar r) {
        session.edit(t -> t.addMemoryWatchpoint(r.address(), r.length()),
            () -> status.accept(String.format("Watchpoint on %s (0x%x, %d bytes): continue or reverse-continue stops where it is written",
                r.name(), r.address(), r.length())),
            e -> status.accept("No watchpoint: " + Alerts.message(e)));
    }

    /**
     * A C expression for a row, built from its path: members with '.', elements with [i], a pointer's
     * target with '*'. Null for group rows.
     */
    static String expression(SourceVar row) {
        String path = row.path();
        if (path.startsWith(SourceReader.WATCH)) path = path.substring(SourceReader.WATCH.length());
        else if (path.startsWith(SourceReader.GLOBALS + "/")) path = path.substring(SourceReader.GLOBALS.length() + 1);
        else if (path.startsWith("::")) return null;
        String[] parts = path.split("/");
        String e = parts[0];
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("[")) e = (simple(e) ? e : "(" + e + ")") + p;
            else if (p.startsWith("*")) e = "*" + (simple(e) ? e : "(" + e + ")");
            else e = (simple(e) ? e : "(" + e + ")") + "." + p;
        }
        return e;
    }

    /** What a row is, for the memory view's selection: "board.leader: player *". */
    static String typed(SourceVar row) {
        String e = expression(row);
        return (e != null ? e : row.name()) + ": " + row.type();
    }

    /** True if {@code e} binds tighter than a postfix operator applied to it needs (no unary prefix). */
    private static boolean simple(String e) {
        return !e.startsWith("*") && !e.startsWith("&") && !e.startsWith("-");
    }
}
