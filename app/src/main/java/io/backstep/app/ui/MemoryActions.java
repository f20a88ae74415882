package io.backstep.app.ui;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.MemoryRange;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory commands: go to an address, "who wrote this?", and feeding the memory view its pages. */
final class MemoryActions {
    private final Session session;
    private final Views views;
    private final Alerts alerts;
    private final Navigation navigation;
    private final Runnable showMemoryTab;

    MemoryActions(Session session, Views views, Alerts alerts, Navigation navigation, Runnable showMemoryTab) {
        this.session = session;
        this.views = views;
        this.alerts = alerts;
        this.navigation = navigation;
        this.showMemoryTab = showMemoryTab;
        views.memory.setLoader((step, chunks, done) -> session.query(t -> {
            if (t.currentStep() != step) return Map.<Long, byte[]>of();
            MachineState st = t.state();
            Map<Long, byte[]> got = new HashMap<>();
            for (long c : chunks) got.put(c, st.readMemory(c * io.backstep.app.ui.view.MemoryView.CHUNK, io.backstep.app.ui.view.MemoryView.CHUNK));
            return got;
        }, got -> done.accept(step, got)));
        views.memory.setOnWhoWrote(this::whoWrote);
    }

    void askAddress() {
        if (session.snapshot() == null) return;
        alerts.prompt("Go to memory address", "Address (hex 0x… or decimal)", "0x").showAndWait().ifPresent(v -> {
            if (!views.memory.goTo(v)) alerts.error("Not an address", v);
            showMemoryTab.run();
        });
    }

    /**
     * Jumps the memory view to [address, address+length) and selects those bytes: a variable's extent,
     * named by {@code what} (its expression and C type) in the selection's label and the status bar.
     */
    void showRange(long address, int length, String what) {
        views.memory.goTo(address, length, what);
        showMemoryTab.run();
        views.status.setText(String.format("%s at 0x%x … 0x%x (%d bytes)", what, address, address + length - 1, length));
    }

    /**
     * Asks which bytes to look up. It proposes the address in the trap message; else the memory the
     * current instruction's operands were loaded from (a divide-by-zero's divisor); else the range
     * selected in the memory view.
     */
    void askWhoWrote() {
        StopState s = session.snapshot();
        if (s == null) return;
        if (s.trapMessage() != null) {
            Matcher m = Pattern.compile("0x[0-9a-fA-F]+").matcher(s.trapMessage());
            if (m.find()) {
                promptWhoWrote(m.group());
                return;
            }
        }
        session.query(Timeline::inputLoads, loads -> {
            if (!loads.isEmpty()) {
                MemoryRange r = loads.get(0);
                promptWhoWrote(String.format("0x%x:%d", r.address(), r.length()));
            } else if (views.memory.selectionStart() >= 0) {
                long from = views.memory.selectionStart();
                promptWhoWrote(String.format("0x%x:%d", from, views.memory.selectionEnd() - from + 1));
            } else {
                promptWhoWrote("");
            }
        });
    }

    private void promptWhoWrote(String proposal) {
        Session.Loaded l = session.loaded();
        var d = alerts.prompt("Who wrote this?", "Memory address, or address:length (hex 0x… or decimal); 4 bytes if no length"
            + (l != null && l.sourceInfo().available() ? "; or a C lvalue such as board.leader" : ""), proposal);
        d.getEditor().setId("who-wrote-address");
        d.showAndWait().ifPresent(v -> {
            if (BreakpointDialogs.looksLikeC(v.strip()) && l != null && l.sourceInfo().available()) {
                // A C lvalue: the bytes it occupies now.
                session.lvalue(v.strip(), lv -> whoWrote(lv.address(), lv.length()), e -> alerts.error("Not an lvalue", Alerts.message(e)));
                return;
            }
            try {
                MemoryRange r = NumberInput.range(v, 4);
                whoWrote(r.address(), r.length());
            } catch (InputException e) {
                alerts.error("Not an address", e.getMessage());
            }
        });
    }

    /** " at corruption.c:120" when the stop (the writing instruction) has a source line, else "". */
    private static String sourceLine(StopState shown) {
        SourceStop.Frame top = shown.source() == null ? null : shown.source().top();
        String where = top == null ? null : top.where();
        return where == null ? "" : " at " + SafeText.escape(where);
    }

    /** Finds the last write to [address, address+length) before the current step and jumps there. */
    void whoWrote(long address, int length) {
        StopState s = session.snapshot();
        if (s == null) return;
        long before = s.step();
        session.query(t -> Optional.ofNullable(t.lastWrite(address, length, before)).flatMap(o -> o), w -> {
            if (w.isEmpty()) {
                alerts.info("No write found", String.format("Nothing wrote 0x%x … 0x%x before step %d (it still holds its initial value).",
                    address, address + length - 1, before));
                return;
            }
            WriteInfo wi = w.get();
            String who = wi.hostCall() != null ? "the host call " + wi.hostCall()
                : StopPresenter.shownName(wi.functionName(), wi.functionIndex());
            // State `step` is the one after the write; stop just before it so the writing instruction is current.
            String found = String.format("0x%x was last written at step %d by %s @0x%x", address, wi.step(), who, wi.wasmOffset());
            navigation.goTo(Math.max(0, wi.step() - 1), "Go to write", shown -> views.status.setText(found + sourceLine(shown)));
        });
    }
}
