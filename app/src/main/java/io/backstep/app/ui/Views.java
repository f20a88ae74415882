package io.backstep.app.ui;

import io.backstep.app.ui.view.BreakpointsView;
import io.backstep.app.ui.view.CallStackView;
import io.backstep.app.ui.view.CodeView;
import io.backstep.app.ui.view.ConsoleView;
import io.backstep.app.ui.view.MemoryView;
import io.backstep.app.ui.view.SourceVariablesView;
import io.backstep.app.ui.view.SourceView;
import io.backstep.app.ui.view.TimelineBar;
import io.backstep.app.ui.view.ValueFormat;
import io.backstep.app.ui.view.VariablesView;
import io.backstep.app.ui.view.WatchView;
import javafx.scene.control.Label;
import org.controlsfx.control.StatusBar;

/**
 * The window's views, created once and given the node ids by which the layout, the commands and the
 * tests find them ({@code #code-view}, {@code #locals}, …).
 */
final class Views {
    final ValueFormat format = new ValueFormat();
    final CodeView code = withId(new CodeView(), "code-view");
    final SourceView source = withId(new SourceView(), "source-view");
    final SourceVariablesView sourceVariables = withId(new SourceVariablesView("No variables in scope."), "source-variables");
    final WatchView watch = withId(new WatchView(), "watch-view");
    final CallStackView stack = withId(new CallStackView(), "call-stack");
    final VariablesView locals = withId(new VariablesView("No locals.", format), "locals");
    final VariablesView operands = withId(new VariablesView("Operand stack is empty.", format), "operands");
    final VariablesView globals = withId(new VariablesView("No globals.", format), "globals");
    final VariablesView tables = withId(new VariablesView("No tables.", format), "tables");
    final MemoryView memory = withId(new MemoryView(), "memory");
    final ConsoleView console = withId(new ConsoleView(), "console");
    final BreakpointsView breakpoints = withId(new BreakpointsView(), "breakpoints");
    final TimelineBar timeline = withId(new TimelineBar(), "timeline");
    final StatusBar status = withId(new StatusBar(), "status-bar");
    final Label stepLabel = withId(new Label(), "step-label");
    final Label sizeLabel = withId(new Label(), "size-label");

    private static <T extends javafx.scene.Node> T withId(T node, String id) {
        node.setId(id);
        return node;
    }
}
