package io.backstep.app.ui.view;

import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Pulse listeners for a node rather than a scene: JavaFX registers them on a scene, and a view is built
 * before it is shown (and could move), so the listener follows the node's scene.
 */
final class ScenePulses {
    private ScenePulses() {
    }

    /** Runs {@code listener} at the start of every pulse of {@code node}'s scene, before CSS and layout. */
    static void beforeLayout(Node node, Runnable listener) {
        follow(node, listener, Scene::addPreLayoutPulseListener, Scene::removePreLayoutPulseListener);
    }

    /** Runs {@code listener} after the layout pass of every pulse of {@code node}'s scene. */
    static void afterLayout(Node node, Runnable listener) {
        follow(node, listener, Scene::addPostLayoutPulseListener, Scene::removePostLayoutPulseListener);
    }

    private static void follow(Node node, Runnable listener, BiConsumer<Scene, Runnable> add, BiConsumer<Scene, Runnable> remove) {
        node.sceneProperty().addListener((o, was, now) -> {
            if (was != null) remove.accept(was, listener);
            if (now != null) add.accept(now, listener);
        });
        Scene s = node.getScene();
        if (s != null) add.accept(s, listener);
    }
}
