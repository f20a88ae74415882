package io.backstep.app.ui;

import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Marker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The red banner of a recording that ends in a trap. It is shown at every step of such a recording,
 * not only at the trap, so the panes below never move while navigating; before the trap it says where
 * the trap is ahead.
 */
final class TrapBanner extends HBox {
    private final Label text = new Label();

    /** A banner with the buttons for Go to Trap and Who Wrote (made from their commands). */
    TrapBanner(Button go, Button cause) {
        super(10);
        getStyleClass().add("trap-banner");
        setId("trap-banner");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(6, 12, 6, 12));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        text.getStyleClass().add("trap-text");
        text.setId("trap-text");
        getChildren().addAll(Icons.of("mdi2a-alert-octagon"), text, grow, go, cause);
        show(null);
    }

    /** Shows the trap of {@code s}'s recording, or hides the banner when it does not end in one. */
    void show(StopState s) {
        Marker trap = null;
        if (s != null) {
            for (Marker m : s.markers()) if (m.kind() == Marker.Kind.TRAP) trap = m;
        }
        setVisible(trap != null);
        setManaged(trap != null);
        getStyleClass().remove("ahead");
        if (trap == null) return;
        if (s.status() == MachineState.Status.TRAPPED) {
            text.setText(String.format("Trap: %s   (step %,d)", SafeText.escape(s.trapMessage()), trap.step()));
        } else {
            String message = trap.label().startsWith("trap: ") ? trap.label().substring("trap: ".length()) : trap.label();
            text.setText(String.format("The program traps at step %,d: %s", trap.step(), SafeText.escape(message)));
            getStyleClass().add("ahead");
        }
    }
}
