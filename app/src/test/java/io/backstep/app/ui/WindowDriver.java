package io.backstep.app.ui;

import io.backstep.engine.model.WasmModule;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the window tests share: opening a sample and waiting for the session to settle. */
final class WindowDriver {
    private final MainWindow window;
    private final FxRobot robot;

    WindowDriver(MainWindow window, FxRobot robot) {
        this.window = window;
        this.robot = robot;
    }

    /** Waits until no command runs and the shown stop satisfies {@code p}. */
    Snapshot waitFor(Predicate<Snapshot> p) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                Snapshot s = window.session().snapshot();
                return s != null && !window.session().busyProperty().get() && p.test(s);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            Snapshot s = window.session().snapshot();
            throw new AssertionError("timed out; busy=" + window.session().busyProperty().get() + " snapshot="
                + (s == null ? null : "step " + s.step() + "/" + s.endStep() + " " + s.status() + " " + s.stop()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return window.session().snapshot();
    }

    Snapshot openSample(String name) throws Exception {
        robot.interact(() -> window.openSample(name));
        return waitFor(s -> true);
    }

    int functionIndex(String name) {
        WasmModule m = window.session().loaded().timeline().module().module();
        for (int i = 0; i < m.functionCount(); i++) if (name.equals(m.functionName(i))) return i;
        throw new AssertionError("no function " + name);
    }
}
