package io.backstep.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.app.ui.view.CallStackView;
import io.backstep.app.ui.view.ValueFormat;
import io.backstep.app.ui.view.VariablesView;
import io.backstep.engine.Wasm;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.model.ValType;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window shows module-supplied names with their control and bidi characters escaped, as the command line does. */
@ExtendWith(ApplicationExtension.class)
class UnsafeNamesViewTest {
    static final String NAME = "evil\n\u001b[31m\u202eexe";
    static final String SHOWN = "evil\\n\\x1b[31m\\u202eexe";

    private CallStackView stack;
    private VariablesView locals;
    private Stage own;

    @Start
    void start(Stage primary) {
        // A stage of its own: the shared primary stage still carries the handlers of other tests' windows.
        stack = new CallStackView();
        locals = new VariablesView("No locals.", new ValueFormat());
        own = new Stage();
        own.setScene(new Scene(new VBox(stack, locals), 600, 400));
        own.show();
    }

    @AfterEach
    void closeStage(FxRobot robot) {
        robot.interact(own::close);
    }

    @Test
    void callStackAndVariablesShowNamesEscaped(FxRobot robot) {
        robot.interact(() -> {
            stack.setFrames(List.of(new FrameInfo(0, 3, NAME, 0x10, List.of(), List.of())));
            locals.setRows(List.of(new VariablesView.Row("l0", NAME, Value.of(ValType.I32, 7), false)), null);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> shown = robot.lookup(".list-cell").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText).filter(t -> t != null).collect(Collectors.toSet());
        assertEquals(Set.of(SHOWN + "  @0x000010"), shown);
        assertEquals(SHOWN, locals.getColumns().get(0).getCellObservableValue(0).getValue());
    }

    @Test
    void functionNamesInListsAndBreakpointsAreEscaped() {
        // (module (func) (func)) and a name section naming func 0 NAME
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream custom = new ByteArrayOutputStream();
        custom.writeBytes(new byte[] {4, 'n', 'a', 'm', 'e', 1, (byte) (name.length + 3), 1, 0, (byte) name.length});
        custom.writeBytes(name);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b,
            0x00, (byte) custom.size()});
        m.writeBytes(custom.toByteArray());
        WasmModule module = Wasm.load(m.toByteArray()).module();
        assertEquals(NAME, module.functionName(0));
        assertEquals(SHOWN, StopPresenter.functionName(module, 0));
        assertEquals("func[1]", StopPresenter.functionName(module, 1));
    }
}
