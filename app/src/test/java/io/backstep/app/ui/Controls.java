package io.backstep.app.ui;

import io.backstep.app.ui.view.BreakpointsView;
import io.backstep.app.ui.view.CallStackView;
import io.backstep.app.ui.view.CodeCanvas;
import io.backstep.app.ui.view.CodeView;
import io.backstep.app.ui.view.ConsoleView;
import io.backstep.app.ui.view.MemoryView;
import io.backstep.app.ui.view.SourceVariablesView;
import io.backstep.app.ui.view.SourceView;
import io.backstep.app.ui.view.TimelineBar;
import io.backstep.app.ui.view.VariablesView;
import io.backstep.engine.text.WatText;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.controlsfx.control.StatusBar;
import org.testfx.api.FxRobot;

/** The window's controls as a test finds them: by node id, as a user's eye finds them by place. */
final class Controls {
    private static final FxRobot ROBOT = new FxRobot();

    private Controls() {
    }

    static <T extends Node> T byId(String id, Class<T> type) {
        return ROBOT.lookup("#" + id).queryAs(type);
    }

    static CodeView codeView() {
        return byId("code-view", CodeView.class);
    }

    static SourceView sourceView() {
        return byId("source-view", SourceView.class);
    }

    /** The line of the n-th instruction of function {@code fn} in the WebAssembly text (0 = its first). */
    static int instructionLine(WatText wat, int fn, int n) {
        int line = wat.lineOfFunction(fn);
        for (int seen = -1; ; line++) {
            if (wat.offsetAt(line) >= 0 && ++seen == n) return line;
        }
    }

    /** The middle of {@code line}'s gutter on screen, where a user clicks to toggle its breakpoint (the line must be in view). */
    static Point2D gutterOf(CodeCanvas area, int line) {
        Bounds b = area.lineBoundsOnScreen(line).orElseThrow(() -> new AssertionError("line " + line + " is not in view"));
        return new Point2D(b.getMinX() + area.gutterWidth() / 2, b.getCenterY());
    }

    static SourceVariablesView sourceVariables() {
        return byId("source-variables", SourceVariablesView.class);
    }

    static CallStackView callStack() {
        return byId("call-stack", CallStackView.class);
    }

    static VariablesView localsView() {
        return byId("locals", VariablesView.class);
    }

    static VariablesView operandsView() {
        return byId("operands", VariablesView.class);
    }

    static VariablesView globalsView() {
        return byId("globals", VariablesView.class);
    }

    static VariablesView tablesView() {
        return byId("tables", VariablesView.class);
    }

    static MemoryView memoryView() {
        return byId("memory", MemoryView.class);
    }

    static ConsoleView consoleView() {
        return byId("console", ConsoleView.class);
    }

    static BreakpointsView breakpointsView() {
        return byId("breakpoints", BreakpointsView.class);
    }

    static TimelineBar timelineBar() {
        return byId("timeline", TimelineBar.class);
    }

    static StatusBar statusBar() {
        return byId("status-bar", StatusBar.class);
    }

    static Label stepLabel() {
        return byId("step-label", Label.class);
    }

    static HBox trapBanner() {
        return byId("trap-banner", HBox.class);
    }
}
