package io.backstep.app.ui;

import io.backstep.app.cli.BundledSamples;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * Opening things: a .wasm (recorded with its remembered run settings), a .bstrace or a recording
 * directory, a bundled sample, a recent file; and re-recording with new run settings.
 */
final class FileOpener {
    /** The samples offered in File → Open Sample, in menu order. */
    static final List<String> SAMPLES = List.of("corruption", "hello", "fib", "sort", "files", "bench", "checksum", "bigprog", "loop", "trap");

    private final Stage stage;
    private final Session session;
    private final RecordingFactory factory;
    private final RecentFiles recent;
    private final Alerts alerts;
    private final Menu recentMenu = new Menu("Open Recent");
    /** The module being debugged when it was opened from .wasm bytes (it can then be re-recorded), else null. */
    private byte[] moduleBytes;
    private String name;
    private Session.Origin origin;

    FileOpener(Stage stage, Session session, RecordingFactory factory, RecentFiles recent, Alerts alerts) {
        this.stage = stage;
        this.session = session;
        this.factory = factory;
        this.recent = recent;
        this.alerts = alerts;
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
    }

    /** File → Open Recent, refilled each time it opens. */
    Menu recentMenu() {
        return recentMenu;
    }

    /** File → Open Sample. */
    Menu samplesMenu() {
        Menu samples = new Menu("Open Sample");
        for (String s : SAMPLES) {
            MenuItem i = new MenuItem(s + ".wasm");
            i.setOnAction(e -> openSample(s));
            samples.getItems().add(i);
        }
        return samples;
    }

    void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open module or recording");
        fc.getExtensionFilters().addAll(
            new FileChooser.ExtensionFilter("WebAssembly modules and recordings", "*.wasm", "*.bstrace"),
            new FileChooser.ExtensionFilter("All files", "*.*"));
        List<Path> r = recent.list();
        if (!r.isEmpty() && r.get(0).getParent() != null && Files.isDirectory(r.get(0).getParent())) {
            fc.setInitialDirectory(r.get(0).getParent().toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) open(f.toPath());
    }

    void chooseRecordingDirectory() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open recording directory");
        File f = dc.showDialog(stage);
        if (f != null) open(f.toPath());
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem i = new MenuItem(p.toString());
            i.setOnAction(e -> open(p));
            recentMenu.getItems().add(i);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    /** Opens a .wasm (records it with its remembered run settings), a .bstrace or a recording directory. */
    void open(Path file) {
        String fileName = file.getFileName().toString();
        try {
            if (fileName.endsWith(".bstrace") || Files.isDirectory(file)) {
                recent.add(file);
                moduleBytes = null;
                name = fileName;
                session.open(fileName, new Session.Origin(file.toString(), folderOf(file), null), "Opening " + fileName + "…", () -> factory.open(file), null,
                    e -> alerts.error("Cannot open " + fileName, Alerts.message(e)));
                return;
            }
            if (!Files.isRegularFile(file)) {
                // A device or FIFO could be read forever.
                alerts.error("Cannot open " + fileName, Files.exists(file) ? "It is not a regular file." : "No such file.");
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            recent.add(file);
            record(fileName, new Session.Origin(file.toString(), folderOf(file), null), bytes, RunSettings.load(bytes), "Cannot open " + fileName);
        } catch (IOException e) {
            alerts.error("Cannot open " + fileName, Alerts.message(e));
        }
    }

    void openSample(String sample) {
        byte[] bytes = BundledSamples.find(sample);
        if (bytes == null) {
            alerts.error("No such sample", sample);
            return;
        }
        record(sample + ".wasm", new Session.Origin("bundled sample", null, sample), bytes, RunSettings.load(bytes), "Cannot open " + sample + ".wasm");
    }

    /** Records {@code bytes} in the background; a failure is reported under {@code errorTitle}. */
    private void record(String moduleName, Session.Origin from, byte[] bytes, RunSettings settings, String errorTitle) {
        moduleBytes = bytes;
        name = moduleName;
        origin = from;
        session.open(moduleName, from, "Recording " + moduleName + "…", () -> factory.record(moduleName, bytes, settings,
                steps -> Platform.runLater(() -> session.busyTextProperty().set(
                    String.format("Recording %s… %,d steps (Cancel keeps what is recorded)", moduleName, steps)))),
            factory::cancel,
            e -> alerts.error(errorTitle, LoadError.describe(e, bytes.length)));
    }

    /** The folder a module or recording is in (DWARF paths are relative to it), or null. */
    private static Path folderOf(Path file) {
        return file.toAbsolutePath().normalize().getParent();
    }

    /** Edits the run settings of the module and records it again with them. */
    void editRunSettings() {
        if (moduleBytes == null) {
            alerts.info("Run configuration", "Only a module opened from a .wasm file can be re-recorded.");
            return;
        }
        byte[] bytes = moduleBytes;
        String moduleName = name;
        new RunSettingsDialog(stage, moduleName, RunSettings.load(bytes)).showAndWait().ifPresent(settings -> {
            settings.save(bytes);
            Session.Origin from = origin;
            record(moduleName, from, bytes, settings, "Cannot record " + moduleName);
        });
    }
}
