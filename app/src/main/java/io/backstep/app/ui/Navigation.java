package io.backstep.app.ui;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import java.util.function.Function;

/** The commands that move through the recording, and breakpoint toggling at the code view's caret. */
final class Navigation {
    private final Session session;
    private final Views views;
    private final Alerts alerts;

    Navigation(Session session, Views views, Alerts alerts) {
        this.session = session;
        this.views = views;
        this.alerts = alerts;
    }

    /** Runs {@code cmd} on the timeline unless a command is already running. */
    void step(String what, Function<Timeline, Stop> cmd) {
        if (session.busyProperty().get()) return;
        session.navigate(what, cmd);
    }

    void resume(Direction d) {
        step(d == Direction.FORWARD ? "Running" : "Running backwards", t -> t.resume(d));
    }

    void stepOver(Direction d) {
        step(d == Direction.FORWARD ? "Step over" : "Reverse step over", t -> t.stepOver(d));
    }

    void stepInto(Direction d) {
        step(d == Direction.FORWARD ? "Step into" : "Step back", t -> t.stepInto(d));
    }

    void stepOut(Direction d) {
        step(d == Direction.FORWARD ? "Step out" : "Reverse step out", t -> t.stepOut(d));
    }

    /** Steps by source line (or out of a function) with the debug info; the commands are disabled without it. */
    void lineStep(SourceStepper.Kind kind, Direction d) {
        if (session.busyProperty().get()) return;
        Session.Loaded l = session.loaded();
        if (l == null || !l.sourceInfo().lineStepping()) return;
        String what = switch (kind) {
            case OVER -> d == Direction.FORWARD ? "Step over line" : "Reverse step over line";
            case INTO -> d == Direction.FORWARD ? "Step into line" : "Reverse step into line";
            case OUT -> d == Direction.FORWARD ? "Step out of function" : "Reverse step out of function";
        };
        session.stepLine(what, kind, d);
    }

    void goTo(long target, String what) {
        goTo(target, what, s -> { });
    }

    /** Goes to step {@code target}; {@code then} runs once the views show it (e.g. to say why we are there). */
    void goTo(long target, String what, java.util.function.Consumer<StopState> then) {
        if (session.busyProperty().get()) return;
        session.navigate(what, t -> {
            t.seek(target);
            return Stop.step(t.currentStep());
        }, then);
    }

    void goToStart() {
        goTo(0, "Go to start");
    }

    void goToEnd() {
        step("Go to end", t -> {
            t.seek(t.endStep());
            return Stop.step(t.endStep());
        });
    }

    void goToTrap() {
        if (session.snapshot() != null) {
            step("Go to trap", t -> {
                t.seek(t.endStep());
                return new Stop(Stop.Reason.TRAP, t.endStep(), -1);
            });
        }
    }

    void runToCursor(Direction d) {
        WatText w = views.code.wat();
        if (w == null) return;
        int line = views.code.caretLine();
        int off = w.offsetAt(line);
        int fn = w.functionAt(line);
        if (off < 0 || fn < 0) {
            views.status.setText("Put the cursor on an instruction line first");
            return;
        }
        step("Run to cursor", t -> t.runTo(fn, off, d));
    }

    void toggleAtCaret() {
        if (views.source.area().isFocused() && views.source.showsText() && views.source.shownFile() != null) {
            // In the source view: the caret's source line.
            session.toggleLineBreakpoint(views.source.shownFile(), views.source.area().caretLine() + 1, views.status::setText,
                e -> alerts.error("No breakpoint set", Alerts.message(e)));
            return;
        }
        WatText w = views.code.wat();
        if (w == null) return;
        int line = views.code.caretLine();
        if (w.offsetAt(line) >= 0) toggleBreakpoint(w.functionAt(line), w.offsetAt(line));
    }

    /** Adds a breakpoint at {@code offset} or removes the one that is there. */
    void toggleBreakpoint(int fn, int offset) {
        session.edit(t -> {
            for (Breakpoint b : t.breakpoints()) {
                if (!b.onEntry() && b.wasmOffset() == offset && b.functionIndex() == fn) {
                    t.removeBreakpoint(b.id());
                    return;
                }
            }
            t.addBreakpoint(fn, offset, null);
        });
    }

    void askStep() {
        StopState s = session.snapshot();
        if (s == null) return;
        alerts.prompt("Go to step", "Step (0 … " + s.endStep() + ")", Long.toString(s.step())).showAndWait().ifPresent(v -> {
            try {
                goTo(NumberInput.step(v), "Go to step");
            } catch (InputException e) {
                alerts.error("Not a step number", e.getMessage());
            }
        });
    }

    void askOffset() {
        if (views.code.wat() == null) return;
        alerts.prompt("Go to offset", "Byte offset in the module (hex 0x… or decimal)", "0x").showAndWait().ifPresent(v -> {
            try {
                long off = NumberInput.address(v);
                if (off > Integer.MAX_VALUE || !views.code.goToOffset((int) off)) alerts.error("No instruction there", v);
            } catch (InputException e) {
                alerts.error("Not an offset", e.getMessage());
            }
        });
    }

    void askFunction(javafx.stage.Window owner) {
        Session.Loaded l = session.loaded();
        if (l == null) return;
        new GoToFunctionDialog(owner, l.timeline().module().module()).showAndWait().ifPresent(views.code::goToFunction);
    }
}
