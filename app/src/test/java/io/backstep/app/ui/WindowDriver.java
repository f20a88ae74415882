package io.backstep.app.ui;

import io.backstep.engine.model.WasmModule;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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
    StopState waitFor(Predicate<StopState> p) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                StopState s = window.session().snapshot();
                return s != null && !window.session().busyProperty().get() && p.test(s);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            StopState s = window.session().snapshot();
            throw new AssertionError("timed out; busy=" + window.session().busyProperty().get() + " snapshot="
                + (s == null ? null : "step " + s.step() + "/" + s.endStep() + " " + s.status() + " " + s.stop()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return window.session().snapshot();
    }

    StopState openSample(String name) throws Exception {
        robot.interact(() -> window.openSample(name));
        return waitFor(s -> true);
    }

    /** Clicks the tab titled {@code title}. */
    static void selectTab(FxRobot robot, String title) {
        robot.clickOn(robot.lookup(".tab-label").match((Labeled l) -> title.equals(l.getText())).queryAs(Node.class));
    }

    /** Breakpoints tab → Memory watch… → type {@code address} (4 bytes) → Enter, as a user does. */
    static void addMemoryWatch(FxRobot robot, String address) {
        selectTab(robot, "Breakpoints");
        robot.clickOn("#add-memory-watch");
        TextField field = robot.lookup("#watch-address").queryAs(TextField.class);
        robot.clickOn(field).push(KeyCode.CONTROL, KeyCode.A).write(address);
        TextField length = robot.lookup("#watch-length").queryAs(TextField.class);
        robot.clickOn(length).push(KeyCode.CONTROL, KeyCode.A).write("4").push(KeyCode.ENTER);
    }

    /** Shows function {@code name} in the WebAssembly view (Go to Function); returns its index. */
    int showFunction(String name) {
        int fn = functionIndex(name);
        robot.interact(() -> Controls.codeView().goToFunction(fn));
        WaitForAsyncUtils.waitForFxEvents();
        return fn;
    }

    int functionIndex(String name) {
        WasmModule m = window.session().loaded().timeline().module().module();
        for (int i = 0; i < m.functionCount(); i++) if (name.equals(m.functionName(i))) return i;
        throw new AssertionError("no function " + name);
    }
}
