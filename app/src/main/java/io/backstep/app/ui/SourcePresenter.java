package io.backstep.app.ui;

import io.backstep.app.ui.view.SourceHighlighter;
import io.backstep.app.ui.view.SourceView;
import io.backstep.recorder.timeline.Breakpoint;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Drives the source view: which file and line to show for a stop or a selected frame, the module's
 * file list, breakpoint marks and gutter clicks (line breakpoints), and finding files that are not
 * where the debug info says (Locate…, source folders remembered per module).
 */
final class SourcePresenter {
    private final Session session;
    private final SourceView view;
    private final SourceFolders folders;
    private final Alerts alerts;
    private final Window owner;
    private final Consumer<String> status;
    private SourceFiles files;
    private String module;
    private StopState stop;

    SourcePresenter(Session session, SourceView view, SourceFolders folders, Alerts alerts, Window owner, Consumer<String> status) {
        this.session = session;
        this.view = view;
        this.folders = folders;
        this.alerts = alerts;
        this.owner = owner;
        this.status = status;
        view.setOnGutterClick(this::toggleBreakpoint);
        view.setOnFileChosen(f -> open(f, -1, -1));
        view.setOnLocate(this::locate);
        view.setOnAddFolder(this::chooseFolder);
    }

    void onLoaded(Session.Loaded l) {
        stop = null;
        view.forgetFiles();
        if (l == null || !l.sourceInfo().available()) {
            files = null;
            module = null;
            view.setFiles(List.of());
            view.showNothing(l == null ? "No source." : "No source-level debugging for this module:\n" + l.sourceInfo().status());
            return;
        }
        module = l.name();
        files = new SourceFiles(l.origin(), folders.list(module));
        view.setFiles(l.sourceInfo().files());
        view.showNothing("No line information at this step.");
    }

    /** Shows the innermost frame of a stop (or nothing once the program has ended). */
    void show(StopState s) {
        stop = s;
        if (files == null) return;
        SourceStop.Frame top = s == null || s.source() == null ? null : s.source().top();
        if (top == null || top.file() == null) {
            view.setCurrentLine(-1, false);
            view.setFrameLine(-1);
            marks();
            return;
        }
        SourceStop.Line written = s.source().writtenAt();
        // A watchpoint stops after the write: the writing line is marked too, as a caller's line is.
        open(top.file(), top.line(), written != null && written.file().equals(top.file()) && written.line() != top.line() ? written.line() : -1);
    }

    /** Shows a frame chosen in the call stack: its line is marked as a caller's. */
    void selectFrame(SourceStop.Frame f, boolean isTop) {
        if (files == null || f == null) return;
        if (isTop) {
            show(stop);
            return;
        }
        if (f.file() == null) return;
        SourceStop.Frame top = stop == null || stop.source() == null ? null : stop.source().top();
        int current = top != null && f.file().equals(top.file()) ? top.line() : -1;
        open(f.file(), current, f.line());
    }

    /** Shows {@code file} with {@code current} marked as the current line and {@code frame} as a caller's (1-based, -1 for none). */
    private void open(String file, int current, int frame) {
        if (files == null) return;
        SourceFiles.Result r = files.read(file);
        if (!r.found()) {
            view.showMissing(file, r.lookedAt());
            return;
        }
        view.showText(file, r.text(), SourceHighlighter.languageOf(file));
        if (current < 0 && frame < 0 && stop != null && stop.source() != null && stop.source().top() != null
                && file.equals(stop.source().top().file())) {
            current = stop.source().top().line(); // the user chose the file the program is in
        }
        view.setCurrentLine(current, frame < 0);
        view.setFrameLine(frame);
        marks();
    }

    /** Breakpoint marks of the file shown. */
    private void marks() {
        Map<Integer, Boolean> lines = new HashMap<>();
        String file = view.shownFile();
        if (stop != null && stop.source() != null && file != null) {
            for (Breakpoint b : stop.breakpoints()) {
                SourceStop.Line l = stop.source().breakpointLines().get(b.id());
                if (l != null && l.file().equals(file)) lines.merge(l.line(), b.enabled(), Boolean::logicalOr);
            }
        }
        view.setBreakpointLines(lines);
    }

    private void toggleBreakpoint(int line) {
        String file = view.shownFile();
        if (file == null || files == null) return;
        session.toggleLineBreakpoint(file, line, status, e -> alerts.error("No breakpoint set", Alerts.message(e)));
    }

    private void locate() {
        String file = view.shownFile();
        if (file == null || module == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Locate " + SourceStop.Line.shortName(file));
        File f = fc.showOpenDialog(owner);
        if (f != null) addFolder(f.toPath().toAbsolutePath().getParent());
    }

    private void chooseFolder() {
        if (module == null) {
            alerts.info("Source folders", "Source folders are for modules with debug info.");
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Add a folder with the sources of " + module);
        File d = dc.showDialog(owner);
        if (d != null) addFolder(d.toPath());
    }

    /** Adds a source folder for this module (remembered) and shows the stop's file again. */
    void addFolder(Path folder) {
        if (module == null || folder == null) return;
        folders.add(module, folder);
        files = files.withFolders(folders.list(module));
        String shown = view.shownFile();
        SourceFiles.Result r = shown == null ? null : files.read(shown);
        if (r != null && !r.found()) status.accept("Still not found: " + SourceStop.Line.shortName(shown) + " is not under " + folder);
        if (stop != null && stop.source() != null && stop.source().top() != null && shown != null && shown.equals(stop.source().top().file())) {
            show(stop);
        } else if (shown != null) {
            open(shown, -1, -1);
        }
    }
}
