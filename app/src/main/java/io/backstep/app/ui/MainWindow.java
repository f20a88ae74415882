package io.backstep.app.ui;

import io.backstep.app.ui.command.CommandTable;
import io.backstep.app.ui.command.KeyBindings;
import io.backstep.app.ui.command.MenuFactory;
import io.backstep.app.ui.command.ShortcutsHelp;
import io.backstep.app.ui.command.ToolBarFactory;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.SafeText;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The debugger window: lays out the views around one {@link Session} and connects the parts. What the
 * user can do is in {@link WindowCommands}; showing a stop is {@link StopPresenter}'s; opening,
 * exporting, navigating, memory queries and the breakpoint dialogs each have their own class.
 */
public final class MainWindow {
    private final Stage stage;
    private final Session session = new Session();
    private final Views views;
    private final BorderPane root = new BorderPane();
    private final Alerts alerts;
    private final FileOpener opener;
    private final Navigation navigation;
    private final MemoryActions memory;
    private final TrapBanner trapBanner;
    private final StopPresenter presenter;
    private final Theme theme;
    private final CommandTable commands;
    private final Exporter exporter;
    private final TabPane bottomTabs = new TabPane();
    private final SplitPane editors = new SplitPane();
    private SplitPane rightPanes;
    private final TabPane variableTabs = new TabPane();
    private final SourcePresenter source;

    /** Where the window remembers recent files and the theme. */
    static final Preferences SETTINGS = Preferences.userRoot().node("io/backstep");

    public MainWindow(Stage stage, RecordingFactory factory) {
        this(stage, factory, SETTINGS);
    }

    /** A window whose remembered settings (recent files, theme) live under {@code settings}. */
    public MainWindow(Stage stage, RecordingFactory factory, Preferences settings) {
        this(stage, factory, settings, w -> { });
    }

    /**
     * A window that starts {@code firstOpen} (e.g. recording a sample) before it builds its controls:
     * the recording then runs on the timeline thread while the FX thread lays out the window, and the
     * first stop appears as soon as both are done.
     */
    public MainWindow(Stage stage, RecordingFactory factory, Preferences settings, java.util.function.Consumer<MainWindow> firstOpen) {
        this.stage = stage;
        this.alerts = new Alerts(stage);
        this.opener = new FileOpener(stage, session, factory, new RecentFiles(settings.node("recent")), alerts);
        firstOpen.accept(this);
        this.views = new Views();
        WindowTiming.mark("views created");
        this.navigation = new Navigation(session, views, alerts);
        this.memory = new MemoryActions(session, views, alerts, navigation, () -> selectTab(views.memory));
        this.theme = new Theme(new ThemeSetting(settings.node("view")), root, views.timeline);
        this.exporter = new Exporter(stage, session, factory, alerts, views.status);
        this.commands = WindowCommands.create(new WindowCommands.Targets(session, opener, exporter, navigation, memory, views, theme,
            stage::close, this::showShortcuts,
            () -> alerts.info("Backstep", "A time-travel debugger for WebAssembly."), stage, this::toggleDisassembly));
        ToolBarFactory buttons = new ToolBarFactory(commands);
        this.trapBanner = new TrapBanner(buttons.textButton("go-to-trap", "Go to trap"), buttons.textButton("who-wrote", "Who wrote…"));
        this.source = new SourcePresenter(session, views.source, new SourceFolders(settings.node("sources")), alerts, stage,
            views.status::setText);
        this.presenter = new StopPresenter(views, trapBanner, session, source,
            new SourceVariablesPresenter(session, views.sourceVariables, views.watch, memory, views.status::setText));
        WindowTiming.mark("commands made");
        build(new BreakpointDialogs(stage, session, views, alerts));
        WindowTiming.mark("layout built");
    }

    /** The session behind the window: what is loaded and the stop shown (the model the views follow). */
    public Session session() {
        return session;
    }

    /** The window's command table (what its menus, toolbar and key bindings are built from). */
    public CommandTable commands() {
        return commands;
    }

    /** The stop every view shows, or null while some views still show an earlier one (during a timeline drag). */
    StopState fullyShown() {
        return presenter.fullyShown();
    }

    public boolean isDark() {
        return theme.isDark();
    }

    /** Opens a .wasm (records it with its remembered run settings), a .bstrace or a recording directory. */
    public void openFile(Path file) {
        opener.open(file);
    }

    /** Exports steps [from, to] of the open recording to {@code out} in the background (File → Export without the file chooser). */
    public void exportTo(Path out, long from, long to) {
        exporter.export(out, from, to);
    }

    /** Adds a folder with the module's sources (Source Folder… without the folder chooser); remembered for the module. */
    public void addSourceFolder(Path folder) {
        source.addFolder(folder);
    }

    public void openSample(String sample) {
        opener.openSample(sample);
    }

    private void showShortcuts() {
        alerts.info("Keyboard shortcuts", ShortcutsHelp.text(commands));
    }

    public void showWindow() {
        stage.show();
    }

    private void build(BreakpointDialogs breakpointDialogs) {
        root.getStyleClass().add("backstep");
        MenuBar menus = menuBar();
        root.setTop(new VBox(menus, toolBar(), trapBanner));
        root.setCenter(panes());
        root.setBottom(new VBox(timelineRow(), statusBar()));

        views.code.setBreakpointToggle(navigation::toggleBreakpoint);
        views.code.area().setContextMenu(new MenuFactory(commands).contextMenu("run-to-cursor", "reverse-run-to-cursor", "toggle-breakpoint",
            MenuFactory.SEPARATOR, "go-to-function", "go-to-offset"));
        views.stack.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> presenter.selectFrame(f));
        views.timeline.setOnSeek(session::scrubTo);
        views.timeline.draggingProperty().addListener((o, a, d) -> presenter.setScrubbing(d));
        views.timeline.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_DRAGGED, e -> presenter.knobMoved());
        views.breakpoints.setActions(breakpointDialogs);

        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(resource("backstep.css"));
        stage.setScene(scene);
        stage.setTitle("Backstep");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> session.close());
        KeyBindings.install(scene, commands);
        installDragAndDrop(scene);
        session.snapshotProperty().addListener((o, a, s) -> presenter.show(s));
        session.loadedProperty().addListener((o, a, l) -> onLoaded(l));
        session.busyProperty().addListener((o, a, b) -> {
            if (!b && session.snapshot() == null) presenter.show(null);
        });
        session.busyTextProperty().addListener((o, a, b) -> {
            if (session.busyProperty().get()) views.status.setText(b);
        });
        session.lastErrorProperty().addListener((o, a, e) -> {
            if (e != null) {
                alerts.error("Command failed", Alerts.message(e));
                session.lastErrorProperty().set(null);
            }
        });
        presenter.show(null);
        onLoaded(null);
    }

    private MenuBar menuBar() {
        MenuFactory m = new MenuFactory(commands);
        String sep = MenuFactory.SEPARATOR;
        MenuBar bar = new MenuBar(
            m.menu("File", "open", "open-recording-directory", opener.recentMenu(), opener.samplesMenu(), sep,
                "run-configuration", "export", "export-window", sep, "close-recording", "quit"),
            m.menu("Debug", "continue", "reverse-continue", "pause", sep, "line-step-over", "reverse-line-step-over", "line-step-into",
                "reverse-line-step-into", "line-step-out", "reverse-line-step-out", sep, "step-over", "reverse-step-over", "step-into", "step-back",
                "step-out", "reverse-step-out", sep, "run-to-cursor", "reverse-run-to-cursor", "toggle-breakpoint", sep,
                "go-to-start", "go-to-end"),
            m.menu("Go", "go-to-step", "go-to-function", "go-to-offset", "go-to-address", "go-to-trap", "who-wrote", "show-current-instruction"),
            m.menu("View", "toggle-disassembly", "values-in-hex", "toggle-dark-theme", sep, "zoom-in", "zoom-out", "zoom-all"),
            m.menu("Help", "keyboard-shortcuts", "about"));
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolBar() {
        ToolBarFactory f = new ToolBarFactory(commands);
        Button pause = f.button("pause");
        pause.getStyleClass().add("pause");
        ToggleButton hex = new ToggleButton("0x");
        hex.setId("values-in-hex");
        hex.setTooltip(new Tooltip(commands.get("values-in-hex").tooltip()));
        hex.selectedProperty().bindBidirectional(views.format.hexProperty());
        hex.getStyleClass().add("hex-toggle");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar tb = new ToolBar(f.button("open"), f.button("run-configuration"), new Separator(Orientation.VERTICAL),
            f.pair("reverse-continue", "continue"), pause, new Separator(Orientation.VERTICAL),
            groupLabel("Line"), f.pair("reverse-line-step-over", "line-step-over"), f.pair("reverse-line-step-into", "line-step-into"),
            f.pair("reverse-line-step-out", "line-step-out"), new Separator(Orientation.VERTICAL),
            groupLabel("Instruction"), f.pair("reverse-step-over", "step-over"), f.pair("step-back", "step-into"), f.pair("reverse-step-out", "step-out"),
            new Separator(Orientation.VERTICAL), f.button("run-to-cursor"), f.button("go-to-step"), grow, hex, f.button("toggle-dark-theme"));
        tb.getStyleClass().add("main-toolbar");
        return tb;
    }

    private static Label groupLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("muted", "toolbar-group");
        return l;
    }

    private SplitPane panes() {
        bottomTabs.getTabs().addAll(
            tab("Console", "mdi2c-console", views.console),
            tab("Memory", "mdi2m-memory", views.memory),
            tab("Breakpoints", "mdi2c-circle-medium", views.breakpoints),
            tab("Tables", "mdi2t-table", views.tables));
        bottomTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        bottomTabs.getStyleClass().add("bottom-tabs");
        editors.getItems().setAll(views.code);
        SplitPane left = new SplitPane(editors, bottomTabs);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.64);

        SplitPane right = new SplitPane(tabs(tab("Call stack", "mdi2l-layers-triple-outline", views.stack)),
            variableTabs,
            tabs(tab("Globals", "mdi2e-earth", views.globals)));
        variableTabs.getTabs().addAll(tab("Variables", "mdi2v-variable-box", views.sourceVariables),
            tab("Watch", "mdi2c-code-braces", views.watch), tab("Locals (Wasm)", "mdi2v-variable", views.locals),
            tab("Operands", "mdi2l-layers-outline", views.operands));
        variableTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.3, 0.7);
        rightPanes = right;

        SplitPane main = new SplitPane(left, right);
        main.setDividerPositions(0.68);
        return main;
    }

    private HBox timelineRow() {
        ToolBarFactory f = new ToolBarFactory(commands);
        HBox.setHgrow(views.timeline, Priority.ALWAYS);
        Label title = new Label("Timeline");
        title.getStyleClass().add("muted");
        HBox row = new HBox(6, title, views.timeline, f.button("zoom-in"), f.button("zoom-out"), f.button("zoom-all"));
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(2, 8, 2, 8));
        row.getStyleClass().add("timeline-row");
        return row;
    }

    private Node statusBar() {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(16, 16);
        progress.setMaxSize(16, 16);
        progress.visibleProperty().bind(session.busyProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.visibleProperty().bind(session.busyProperty());
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> session.pause());
        views.status.setText("No recording");
        views.stepLabel.setPadding(new Insets(0, 16, 0, 0));
        views.stepLabel.getStyleClass().add("step-label");
        views.status.getLeftItems().addAll(views.stepLabel, new Separator(Orientation.VERTICAL));
        views.status.getRightItems().addAll(progress, cancel, new Separator(Orientation.VERTICAL), views.sizeLabel);
        return views.status;
    }

    private static TabPane tabs(Tab... tabs) {
        TabPane p = new TabPane(tabs);
        p.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return p;
    }

    private static Tab tab(String title, String icon, Node content) {
        Tab t = new Tab(title, content);
        try {
            t.setGraphic(Icons.of(icon));
        } catch (RuntimeException unknownIcon) {
            // an icon name missing from the pack must not break the window
        }
        return t;
    }

    private void selectTab(Node content) {
        for (Node n : root.lookupAll(".tab-pane")) {
            TabPane tp = (TabPane) n;
            for (Tab t : tp.getTabs()) if (t.getContent() == content) tp.getSelectionModel().select(t);
        }
    }

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) opener.open(files.get(0).toPath());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Shows or hides the WebAssembly view beside the source (with debug info; without it only WebAssembly is shown). */
    private void toggleDisassembly() {
        if (!editors.getItems().contains(views.source)) return;
        if (editors.getItems().contains(views.code)) {
            editors.getItems().remove(views.code);
        } else {
            editors.getItems().add(views.code);
            editors.setDividerPositions(0.5);
        }
    }

    /** Source beside WebAssembly when the module has usable debug info, else WebAssembly alone, as before. */
    private void layoutEditors(boolean withSource) {
        if (withSource) {
            if (!editors.getItems().contains(views.source)) {
                editors.getItems().setAll(views.source, views.code);
                editors.setDividerPositions(0.6);
            }
            variableTabs.getSelectionModel().select(0);
            rightPanes.setDividerPositions(0.25, 0.78); // C variables trees need the room more than Wasm globals
        } else {
            editors.getItems().setAll(views.code);
            variableTabs.getSelectionModel().select(2);
            rightPanes.setDividerPositions(0.3, 0.7);
        }
    }

    private void onLoaded(Session.Loaded l) {
        source.onLoaded(l);
        layoutEditors(l != null && l.sourceInfo().available());
        views.code.load(l == null ? null : l.wat());
        views.memory.clear();
        if (l == null) {
            stage.setTitle("Backstep");
            return;
        }
        stage.setTitle(l.name() + " — Backstep");
        WasmModule m = l.timeline().module().module();
        views.breakpoints.setNames(i -> StopPresenter.functionName(m, i), i -> {
            String n = m.names().globalNames().get(i);
            return n != null ? SafeText.escape(n) : "$g" + i;
        });
    }

    static String resource(String name) {
        var url = MainWindow.class.getResource("/io/backstep/ui/" + name);
        if (url == null) throw new IllegalStateException("missing UI resource " + name);
        return url.toExternalForm();
    }
}
