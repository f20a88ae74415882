package io.backstep.app.ui;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

/** File → Export: the whole recording, or a window of steps around the current one, as a .bstrace. */
final class Exporter {
    private final Window owner;
    private final Session session;
    private final RecordingFactory factory;
    private final Alerts alerts;
    private final StatusBar status;

    Exporter(Window owner, Session session, RecordingFactory factory, Alerts alerts, StatusBar status) {
        this.owner = owner;
        this.session = session;
        this.factory = factory;
        this.alerts = alerts;
        this.status = status;
    }

    /** Asks where (and, for {@code aroundCurrentStep}, how many steps either side), then exports. */
    void ask(boolean aroundCurrentStep) {
        Session.Loaded l = session.loaded();
        StopState s = session.snapshot();
        if (l == null || s == null) return;
        long from = 0;
        long to = s.endStep();
        if (aroundCurrentStep) {
            Optional<String> r = alerts.prompt("Export window", "Steps before and after the current step to keep", "100000").showAndWait();
            if (r.isEmpty()) return;
            long radius;
            try {
                radius = NumberInput.step(r.get());
            } catch (InputException e) {
                alerts.error("Not a number of steps", e.getMessage());
                return;
            }
            from = Math.max(0, s.step() - radius);
            to = Math.min(s.endStep(), s.step() + radius);
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export recording");
        fc.setInitialFileName(l.name().replaceAll("\\.wasm$", "") + ".bstrace");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Backstep recordings", "*.bstrace"));
        File f = fc.showSaveDialog(owner);
        if (f != null) export(f.toPath(), from, to);
    }

    /** Exports steps [from, to] to {@code out} in the background. */
    void export(Path out, long from, long to) {
        session.busyTextProperty().set("Exporting…");
        session.query(t -> {
            try {
                factory.export(t, out, from, to);
                return Boolean.TRUE;
            } catch (Exception e) {
                throw new IllegalStateException(Alerts.message(e), e);
            }
        }, ok -> status.setText("Exported to " + out));
    }
}
