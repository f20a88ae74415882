package io.backstep.app.ui;

import io.backstep.app.ui.command.Command;
import io.backstep.app.ui.command.Command.Look;
import io.backstep.app.ui.command.CommandTable;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.timeline.Direction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;

/**
 * The window's command table: every command with its label, icon, shortcut and action, written once.
 * The menus, toolbar, context menu, key bindings and shortcuts help are built from what this returns.
 */
final class WindowCommands {
    /** Parts of the window the commands act on. */
    record Targets(Session session, FileOpener opener, Exporter exporter, Navigation navigation, MemoryActions memory,
                   Views views, Theme theme, Runnable quit, Runnable showShortcuts, Runnable about, javafx.stage.Window owner,
                   Runnable toggleDisassembly) {
    }

    private WindowCommands() {
    }

    static CommandTable create(Targets t) {
        Session s = t.session();
        ObservableBooleanValue always = new ReadOnlyBooleanWrapper(true).getReadOnlyProperty();
        // A command that needs a recording runs only when one is loaded and no other command runs.
        ObservableBooleanValue ready = Bindings.createBooleanBinding(() -> s.loaded() != null && !s.busyProperty().get(),
            s.loadedProperty(), s.busyProperty());
        ObservableBooleanValue running = s.busyProperty();
        // Source-level commands need readable debug info (and a timeline that can step by line).
        ObservableBooleanValue lineReady = Bindings.createBooleanBinding(() -> s.loaded() != null && !s.busyProperty().get()
            && s.loaded().sourceInfo().lineStepping(), s.loadedProperty(), s.busyProperty());
        ObservableBooleanValue hasSource = Bindings.createBooleanBinding(() -> s.loaded() != null && s.loaded().sourceInfo().available(),
            s.loadedProperty());
        Navigation nav = t.navigation();
        CommandTable c = new CommandTable();

        c.add(new Command("open", "Open…", "Open a .wasm module or .bstrace recording", "mdi2f-folder-open-outline", key("Shortcut+O"), Look.PLAIN,
            t.opener()::choose, always));
        c.add(new Command("open-recording-directory", "Open Recording Directory…", null, "mdi2f-folder-clock-outline", null, Look.PLAIN,
            t.opener()::chooseRecordingDirectory, always));
        c.add(new Command("run-configuration", "Run Configuration…", "Run configuration: arguments, environment, directories",
            "mdi2c-cog-outline", key("Shortcut+Shift+R"), Look.PLAIN, t.opener()::editRunSettings, ready));
        c.add(new Command("export", "Export Recording…", null, "mdi2e-export", key("Shortcut+E"), Look.PLAIN, () -> t.exporter().ask(false), ready));
        c.add(new Command("export-window", "Export Window Around Current Step…", null, null, null, Look.PLAIN, () -> t.exporter().ask(true), ready));
        c.add(new Command("close-recording", "Close Recording", null, null, key("Shortcut+W"), Look.PLAIN, s::unload, ready));
        c.add(new Command("quit", "Quit", null, null, key("Shortcut+Q"), Look.PLAIN, t.quit(), always));

        c.add(new Command("continue", "Continue", null, "mdi2p-play", key("F5"), Look.FORWARD, () -> nav.resume(Direction.FORWARD), ready));
        c.add(new Command("reverse-continue", "Reverse Continue", null, "mdi2p-play", key("Shift+F5"), Look.REVERSE,
            () -> nav.resume(Direction.BACKWARD), ready));
        c.add(new Command("pause", "Pause", null, "mdi2p-pause", key("F6"), Look.PLAIN, s::pause, running));
        c.add(new Command("step-over", "Step Over", null, "mdi2d-debug-step-over", key("F10"), Look.FORWARD, () -> nav.stepOver(Direction.FORWARD), ready));
        c.add(new Command("reverse-step-over", "Reverse Step Over", null, "mdi2d-debug-step-over", key("Shift+F10"), Look.REVERSE,
            () -> nav.stepOver(Direction.BACKWARD), ready));
        c.add(new Command("step-into", "Step Into", null, "mdi2d-debug-step-into", key("F11"), Look.FORWARD, () -> nav.stepInto(Direction.FORWARD), ready));
        c.add(new Command("step-back", "Step Back", null, "mdi2d-debug-step-into", key("Shortcut+F11"), Look.REVERSE,
            () -> nav.stepInto(Direction.BACKWARD), ready));
        c.add(new Command("step-out", "Step Out", null, "mdi2d-debug-step-out", key("Shift+F11"), Look.FORWARD, () -> nav.stepOut(Direction.FORWARD), ready));
        c.add(new Command("reverse-step-out", "Reverse Step Out", null, "mdi2d-debug-step-out", key("Shortcut+Shift+F11"), Look.REVERSE,
            () -> nav.stepOut(Direction.BACKWARD), ready));
        c.add(new Command("line-step-over", "Step Over Line", "Step over one source line", "mdi2d-debug-step-over", key("F8"), Look.FORWARD,
            () -> nav.lineStep(SourceStepper.Kind.OVER, Direction.FORWARD), lineReady));
        c.add(new Command("reverse-line-step-over", "Reverse Step Over Line", "Back to the previous source line", "mdi2d-debug-step-over",
            key("Shift+F8"), Look.REVERSE, () -> nav.lineStep(SourceStepper.Kind.OVER, Direction.BACKWARD), lineReady));
        c.add(new Command("line-step-into", "Step Into Line", "Step one source line, into calls", "mdi2d-debug-step-into", key("F7"), Look.FORWARD,
            () -> nav.lineStep(SourceStepper.Kind.INTO, Direction.FORWARD), lineReady));
        c.add(new Command("reverse-line-step-into", "Reverse Step Into Line", "Back one source line, into calls", "mdi2d-debug-step-into",
            key("Shift+F7"), Look.REVERSE, () -> nav.lineStep(SourceStepper.Kind.INTO, Direction.BACKWARD), lineReady));
        c.add(new Command("line-step-out", "Step Out of Function (Source)", "Run until the source function returns", "mdi2d-debug-step-out",
            key("Alt+F8"), Look.FORWARD, () -> nav.lineStep(SourceStepper.Kind.OUT, Direction.FORWARD), lineReady));
        c.add(new Command("reverse-line-step-out", "Reverse Step Out of Function (Source)", "Back to where the source function was called",
            "mdi2d-debug-step-out", key("Alt+Shift+F8"), Look.REVERSE, () -> nav.lineStep(SourceStepper.Kind.OUT, Direction.BACKWARD), lineReady));
        c.add(new Command("run-to-cursor", "Run to Cursor", null, "mdi2c-cursor-default-click-outline", key("Shortcut+F10"), Look.PLAIN,
            () -> nav.runToCursor(Direction.FORWARD), ready));
        c.add(new Command("reverse-run-to-cursor", "Reverse Run to Cursor", null, null, key("Shortcut+Shift+F10"), Look.PLAIN,
            () -> nav.runToCursor(Direction.BACKWARD), ready));
        c.add(new Command("toggle-breakpoint", "Toggle Breakpoint at Cursor", null, null, key("F9"), Look.PLAIN, nav::toggleAtCaret, ready));
        c.add(new Command("go-to-start", "Go to Start", "Start of the recording", null, key("Shortcut+Home"), Look.PLAIN, nav::goToStart, ready));
        c.add(new Command("go-to-end", "Go to End", "End of the recording", null, key("Shortcut+End"), Look.PLAIN, nav::goToEnd, ready));

        c.add(new Command("go-to-step", "Go to Step…", null, "mdi2t-timeline-clock-outline", key("Shortcut+G"), Look.PLAIN, nav::askStep, ready));
        c.add(new Command("go-to-function", "Go to Function…", null, null, key("Shortcut+P"), Look.PLAIN, () -> nav.askFunction(t.owner()), ready));
        c.add(new Command("go-to-offset", "Go to Offset…", null, null, key("Shortcut+L"), Look.PLAIN, nav::askOffset, ready));
        c.add(new Command("go-to-address", "Go to Memory Address…", null, null, key("Shortcut+M"), Look.PLAIN, t.memory()::askAddress, ready));
        c.add(new Command("go-to-trap", "Go to Trap", "The step where the program traps", null, null, Look.PLAIN, nav::goToTrap, ready));
        c.add(new Command("who-wrote", "Who Wrote This Memory…", "Find the last write to a memory address (the usual cause of a bad pointer)",
            null, null, Look.PLAIN, t.memory()::askWhoWrote, ready));
        c.add(new Command("show-current-instruction", "Show Current Instruction", null, null, key("Shortcut+J"), Look.PLAIN,
            () -> t.views().code.reveal(t.views().code.currentLine()), ready));

        c.add(new Command("toggle-disassembly", "WebAssembly Beside Source", "Show or hide the WebAssembly view next to the source",
            "mdi2v-view-split-vertical", key("Shortcut+Shift+D"), Look.PLAIN, t.toggleDisassembly(), hasSource));
        c.add(new Command("values-in-hex", "Values in Hex", "Show values in hexadecimal", null, key("Shortcut+Shift+H"), Look.PLAIN,
            () -> t.views().format.hexProperty().set(!t.views().format.hexProperty().get()), always));
        c.add(new Command("toggle-dark-theme", "Toggle Dark Theme", "Light / dark theme", "mdi2t-theme-light-dark", key("Shortcut+Shift+T"),
            Look.PLAIN, t.theme()::toggle, always));
        c.add(new Command("zoom-in", "Zoom In on the Timeline", null, "mdi2m-magnify-plus-outline", null, Look.PLAIN, t.views().timeline::zoomIn, ready));
        c.add(new Command("zoom-out", "Zoom Out", null, "mdi2m-magnify-minus-outline", null, Look.PLAIN, t.views().timeline::zoomOut, ready));
        c.add(new Command("zoom-all", "Show the Whole Recording", null, "mdi2a-arrow-expand-horizontal", null, Look.PLAIN,
            t.views().timeline::zoomReset, ready));

        c.add(new Command("keyboard-shortcuts", "Keyboard Shortcuts", null, null, null, Look.PLAIN, t.showShortcuts(), always));
        c.add(new Command("about", "About Backstep", null, null, null, Look.PLAIN, t.about(), always));
        return c;
    }

    private static KeyCombination key(String text) {
        return KeyCombination.keyCombination(text);
    }
}
