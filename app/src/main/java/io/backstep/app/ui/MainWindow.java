package io.backstep.app.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.backstep.app.cli.BundledSamples;
import io.backstep.app.ui.view.BreakpointsView;
import io.backstep.app.ui.view.CallStackView;
import io.backstep.app.ui.view.CodeView;
import io.backstep.app.ui.view.ConsoleView;
import io.backstep.app.ui.view.MemoryView;
import io.backstep.app.ui.view.TimelineBar;
import io.backstep.app.ui.view.ValueFormat;
import io.backstep.app.ui.view.VariablesView;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.SafeText;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.prefs.Preferences;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

/** The debugger window: menus, toolbar, views, timeline and status bar around one {@link Session}. */
public final class MainWindow {
    private final Stage stage;
    private final RecordingFactory factory;
    private final Session session = new Session();
    private final RecentFiles recent;
    private final ThemeSetting theme;
    private final ValueFormat format = new ValueFormat();

    private final CodeView code = new CodeView();
    private final CallStackView stack = new CallStackView();
    private final VariablesView locals = new VariablesView("No locals.", format);
    private final VariablesView operands = new VariablesView("Operand stack is empty.", format);
    private final VariablesView globals = new VariablesView("No globals.", format);
    private final VariablesView tables = new VariablesView("No tables.", format);
    private final MemoryView memory = new MemoryView();
    private final ConsoleView console = new ConsoleView();
    private final BreakpointsView breakpoints = new BreakpointsView();
    private final TimelineBar timelineBar = new TimelineBar();
    private final StatusBar status = new StatusBar();
    private final Label stepLabel = new Label();
    private final Label sizeLabel = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button cancel = new Button("Cancel");
    private final TrapBanner trapBanner = new TrapBanner(this::goToTrap, this::askWhoWrote);
    private final Menu recentMenu = new Menu("Open Recent");
    private final List<Node> needsRecording = new ArrayList<>();
    private final List<MenuItem> needsRecordingItems = new ArrayList<>();
    private final BorderPane root = new BorderPane();
    private boolean dark;
    private byte[] currentModuleBytes;
    private String currentName;
    private FrameInfo selectedFrame;

    public MainWindow(Stage stage, RecordingFactory factory) {
        this(stage, factory, Preferences.userRoot().node("io/backstep"));
    }

    /** A window whose remembered settings (recent files, theme) live under {@code settings}. */
    public MainWindow(Stage stage, RecordingFactory factory, Preferences settings) {
        this.stage = stage;
        this.factory = factory;
        this.recent = new RecentFiles(settings.node("recent"));
        this.theme = new ThemeSetting(settings.node("view"));
        build();
    }

    public Session session() {
        return session;
    }

    public CodeView codeView() {
        return code;
    }

    public CallStackView callStack() {
        return stack;
    }

    public VariablesView localsView() {
        return locals;
    }

    public VariablesView operandsView() {
        return operands;
    }

    public VariablesView globalsView() {
        return globals;
    }

    public VariablesView tablesView() {
        return tables;
    }

    public MemoryView memoryView() {
        return memory;
    }

    public ConsoleView consoleView() {
        return console;
    }

    public BreakpointsView breakpointsView() {
        return breakpoints;
    }

    public TimelineBar timelineBar() {
        return timelineBar;
    }

    public StatusBar statusBar() {
        return status;
    }

    public HBox trapBanner() {
        return trapBanner;
    }

    public Scene scene() {
        return stage.getScene();
    }

    private void build() {
        root.getStyleClass().add("backstep");
        MenuBar menus = menuBar();
        VBox top = new VBox(menus, toolBar(), trapBanner);
        root.setTop(top);

        TabPane bottomTabs = new TabPane(
            tab("Console", "mdi2c-console", console),
            tab("Memory", "mdi2m-memory", memory),
            tab("Breakpoints", "mdi2c-circle-medium", breakpoints),
            tab("Tables", "mdi2t-table", tables));
        bottomTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        bottomTabs.getStyleClass().add("bottom-tabs");
        SplitPane left = new SplitPane(code, bottomTabs);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.64);

        TabPane varTabs = new TabPane(tab("Locals", "mdi2v-variable", locals), tab("Operands", "mdi2l-layers-outline", operands));
        varTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        TabPane globalTabs = new TabPane(tab("Globals", "mdi2e-earth", globals));
        globalTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        TabPane stackTabs = new TabPane(tab("Call stack", "mdi2l-layers-triple-outline", stack));
        stackTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane right = new SplitPane(stackTabs, varTabs, globalTabs);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.3, 0.7);

        SplitPane main = new SplitPane(left, right);
        main.setDividerPositions(0.68);
        root.setCenter(main);

        Button zoomIn = iconButton("mdi2m-magnify-plus-outline", "Zoom in on the timeline", timelineBar::zoomIn);
        Button zoomOut = iconButton("mdi2m-magnify-minus-outline", "Zoom out", timelineBar::zoomOut);
        Button zoomAll = iconButton("mdi2a-arrow-expand-horizontal", "Show the whole recording", timelineBar::zoomReset);
        HBox.setHgrow(timelineBar, Priority.ALWAYS);
        Label tl = new Label("Timeline");
        tl.getStyleClass().add("muted");
        HBox timelineRow = new HBox(6, tl, timelineBar, zoomIn, zoomOut, zoomAll);
        timelineRow.setAlignment(Pos.CENTER_LEFT);
        timelineRow.setPadding(new Insets(2, 8, 2, 8));
        timelineRow.getStyleClass().add("timeline-row");
        needsRecording.addAll(List.of(zoomIn, zoomOut, zoomAll));

        progress.setPrefSize(16, 16);
        progress.setMaxSize(16, 16);
        progress.visibleProperty().bind(session.busyProperty());
        cancel.visibleProperty().bind(session.busyProperty());
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> session.pause());
        status.setText("No recording");
        stepLabel.setPadding(new Insets(0, 16, 0, 0));
        stepLabel.getStyleClass().add("step-label");
        status.getLeftItems().addAll(stepLabel, new Separator(Orientation.VERTICAL));
        status.getRightItems().addAll(progress, cancel, new Separator(Orientation.VERTICAL), sizeLabel);
        root.setBottom(new VBox(timelineRow, status));

        wireViews();

        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(resource("backstep.css"));
        stage.setScene(scene);
        stage.setTitle("Backstep");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> session.close());
        applyTheme(theme.dark());
        MenuShortcuts.install(scene, menus);
        installDragAndDrop(scene);
        session.snapshotProperty().addListener((o, a, s) -> show(s));
        session.loadedProperty().addListener((o, a, l) -> onLoaded(l));
        session.busyProperty().addListener((o, a, b) -> {
            updateEnabled();
            if (!b && session.snapshot() == null) show(null);
        });
        session.busyTextProperty().addListener((o, a, b) -> {
            if (session.busyProperty().get()) status.setText(b);
        });
        session.lastErrorProperty().addListener((o, a, e) -> {
            if (e != null) {
                error("Command failed", message(e));
                session.lastErrorProperty().set(null);
            }
        });
        show(null);
        onLoaded(null);
    }

    static String resource(String name) {
        var url = MainWindow.class.getResource("/io/backstep/ui/" + name);
        if (url == null) throw new IllegalStateException("missing UI resource " + name);
        return url.toExternalForm();
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

    // ---- menus and toolbar ----------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem open = item("Open…", "mdi2f-folder-open-outline", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseAndOpen);
        MenuItem openDir = item("Open Recording Directory…", "mdi2f-folder-clock-outline", null, this::chooseRecordingDir);
        Menu samples = new Menu("Open Sample");
        for (String s : List.of("corruption", "hello", "fib", "sort", "files", "bench", "checksum", "bigprog", "loop", "trap")) {
            samples.getItems().add(item(s + ".wasm", null, null, () -> openSample(s)));
        }
        MenuItem rerun = item("Run Configuration…", "mdi2c-cog-outline", new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::editRunConfig);
        MenuItem export = item("Export Recording…", "mdi2e-export", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), () -> export(false));
        MenuItem exportWindow = item("Export Window Around Current Step…", null, null, () -> export(true));
        MenuItem close = item("Close Recording", null, new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), session::unload);
        MenuItem quit = item("Quit", null, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
        needsRecordingItems.addAll(List.of(rerun, export, exportWindow, close));
        Menu file = new Menu("File", null, open, openDir, recentMenu, samples, new SeparatorMenuItem(), rerun, export, exportWindow,
            new SeparatorMenuItem(), close, quit);
        file.setOnShowing(e -> fillRecent());

        Menu debug = new Menu("Debug");
        debug.getItems().addAll(
            cmdItem("Continue", "F5", () -> resume(Direction.FORWARD)),
            cmdItem("Reverse Continue", "Shift+F5", () -> resume(Direction.BACKWARD)),
            item("Pause", null, new KeyCodeCombination(KeyCode.F6), session::pause),
            new SeparatorMenuItem(),
            cmdItem("Step Over", "F10", () -> step("Step over", t -> t.stepOver(Direction.FORWARD))),
            cmdItem("Reverse Step Over", "Shift+F10", () -> step("Reverse step over", t -> t.stepOver(Direction.BACKWARD))),
            cmdItem("Step Into", "F11", () -> step("Step into", t -> t.stepInto(Direction.FORWARD))),
            cmdItem("Step Back", "Ctrl+F11", () -> step("Step back", t -> t.stepInto(Direction.BACKWARD))),
            cmdItem("Step Out", "Shift+F11", () -> step("Step out", t -> t.stepOut(Direction.FORWARD))),
            cmdItem("Reverse Step Out", "Ctrl+Shift+F11", () -> step("Reverse step out", t -> t.stepOut(Direction.BACKWARD))),
            new SeparatorMenuItem(),
            cmdItem("Run to Cursor", "Ctrl+F10", () -> runToCursor(Direction.FORWARD)),
            cmdItem("Reverse Run to Cursor", "Ctrl+Shift+F10", () -> runToCursor(Direction.BACKWARD)),
            cmdItem("Toggle Breakpoint at Cursor", "F9", this::toggleAtCaret),
            new SeparatorMenuItem(),
            cmdItem("Go to Start", "Ctrl+Home", () -> step("Go to start", t -> { t.seek(0); return Stop.step(0); })),
            cmdItem("Go to End", "Ctrl+End", () -> step("Go to end", t -> { t.seek(t.endStep()); return Stop.step(t.endStep()); })));

        Menu go = new Menu("Go");
        go.getItems().addAll(
            cmdItem("Go to Step…", "Ctrl+G", this::goToStep),
            cmdItem("Go to Function…", "Ctrl+P", this::goToFunction),
            cmdItem("Go to Offset…", "Ctrl+L", this::goToOffset),
            cmdItem("Go to Memory Address…", "Ctrl+M", this::goToAddress),
            cmdItem("Show Current Instruction", "Ctrl+J", () -> code.reveal(code.currentLine())));

        MenuItem hexItem = item("Values in Hex", null, new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
            () -> format.hexProperty().set(!format.hexProperty().get()));
        MenuItem theme = item("Toggle Dark Theme", "mdi2t-theme-light-dark", new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
            this::toggleTheme);
        Menu view = new Menu("View", null, hexItem, theme);
        Menu help = new Menu("Help", null, item("Keyboard Shortcuts", null, null, this::showShortcuts), item("About Backstep", null, null, this::about));
        MenuBar bar = new MenuBar(file, debug, go, view, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private MenuItem cmdItem(String text, String accel, Runnable action) {
        MenuItem i = item(text, null, KeyCombination.keyCombination(accel), action);
        needsRecordingItems.add(i);
        return i;
    }

    private static MenuItem item(String text, String icon, KeyCombination accel, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (icon != null) i.setGraphic(Icons.of(icon));
        if (accel != null) i.setAccelerator(accel);
        i.setOnAction(e -> action.run());
        return i;
    }

    private ToolBar toolBar() {
        Button open = iconButton("mdi2f-folder-open-outline", "Open a .wasm module or .bstrace recording (Ctrl+O)", this::chooseAndOpen);
        Button config = iconButton("mdi2c-cog-outline", "Run configuration: arguments, environment, directories (Ctrl+Shift+R)", this::editRunConfig);
        Button rc = rev("mdi2p-play", "Reverse continue (Shift+F5)", () -> resume(Direction.BACKWARD));
        Button c = fwd("mdi2p-play", "Continue (F5)", () -> resume(Direction.FORWARD));
        Button pause = iconButton("mdi2p-pause", "Pause (F6)", session::pause);
        pause.getStyleClass().add("pause");
        pause.disableProperty().bind(session.busyProperty().not());
        Button rso = rev("mdi2d-debug-step-over", "Reverse step over (Shift+F10)", () -> step("Reverse step over", t -> t.stepOver(Direction.BACKWARD)));
        Button so = fwd("mdi2d-debug-step-over", "Step over (F10)", () -> step("Step over", t -> t.stepOver(Direction.FORWARD)));
        Button sb = rev("mdi2d-debug-step-into", "Step back (Ctrl+F11)", () -> step("Step back", t -> t.stepInto(Direction.BACKWARD)));
        Button si = fwd("mdi2d-debug-step-into", "Step into (F11)", () -> step("Step into", t -> t.stepInto(Direction.FORWARD)));
        Button rsout = rev("mdi2d-debug-step-out", "Reverse step out (Ctrl+Shift+F11)", () -> step("Reverse step out", t -> t.stepOut(Direction.BACKWARD)));
        Button sout = fwd("mdi2d-debug-step-out", "Step out (Shift+F11)", () -> step("Step out", t -> t.stepOut(Direction.FORWARD)));
        Button cursor = iconButton("mdi2c-cursor-default-click-outline", "Run to cursor (Ctrl+F10)", () -> runToCursor(Direction.FORWARD));
        Button goStep = iconButton("mdi2t-timeline-clock-outline", "Go to step (Ctrl+G)", this::goToStep);
        needsRecording.addAll(List.of(config, cursor, goStep));
        ToggleButton hex = new ToggleButton("0x");
        hex.setTooltip(new Tooltip("Show values in hexadecimal (Ctrl+Shift+H)"));
        hex.selectedProperty().bindBidirectional(format.hexProperty());
        hex.getStyleClass().add("hex-toggle");
        Button themeButton = iconButton("mdi2t-theme-light-dark", "Light / dark theme (Ctrl+Shift+T)", this::toggleTheme);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar tb = new ToolBar(open, config, new Separator(Orientation.VERTICAL),
            pair(rc, c), pause, new Separator(Orientation.VERTICAL),
            pair(rso, so), pair(sb, si), pair(rsout, sout), new Separator(Orientation.VERTICAL),
            cursor, goStep, grow, hex, themeButton);
        tb.getStyleClass().add("main-toolbar");
        return tb;
    }

    private static HBox pair(Button back, Button fwd) {
        HBox h = new HBox(0, back, fwd);
        h.getStyleClass().add("button-pair");
        return h;
    }

    private Button fwd(String icon, String tip, Runnable action) {
        Button b = iconButton(icon, tip, action);
        b.getStyleClass().add("forward");
        needsRecording.add(b);
        return b;
    }

    private Button rev(String icon, String tip, Runnable action) {
        Button b = new Button(null, Icons.mirrored(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.getStyleClass().addAll("icon-button", "reverse");
        b.setId(idOf(tip));
        needsRecording.add(b);
        return b;
    }

    private static Button iconButton(String icon, String tip, Runnable action) {
        Button b = new Button(null, Icons.of(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.getStyleClass().add("icon-button");
        b.setId(idOf(tip));
        return b;
    }

    /** "Reverse step over (Shift+F10)" → "reverse-step-over": stable ids for tests and styling. */
    static String idOf(String tip) {
        int p = tip.indexOf(" (");
        String base = (p > 0 ? tip.substring(0, p) : tip).toLowerCase();
        int colon = base.indexOf(':');
        if (colon > 0) base = base.substring(0, colon);
        return base.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private void goToTrap() {
        if (session.snapshot() != null) step("Go to trap", t -> { t.seek(t.endStep()); return new Stop(Stop.Reason.TRAP, t.endStep(), -1); });
    }

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) openFile(files.get(0).toPath());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private void wireViews() {
        code.setBreakpointToggle(this::toggleBreakpoint);
        var menu = new javafx.scene.control.ContextMenu(
            item("Run to Cursor", null, null, () -> runToCursor(Direction.FORWARD)),
            item("Reverse Run to Cursor", null, null, () -> runToCursor(Direction.BACKWARD)),
            item("Toggle Breakpoint", null, null, this::toggleAtCaret),
            new SeparatorMenuItem(),
            item("Go to Function…", null, null, this::goToFunction),
            item("Go to Offset…", null, null, this::goToOffset));
        code.area().setContextMenu(menu);
        stack.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            selectedFrame = f;
            showLocals(session.snapshot(), session.previous());
            Snapshot s = session.snapshot();
            code.selectFrame(f != null && s != null && f != s.top() ? f : null);
        });
        memory.setLoader((step, pages, done) -> session.query(t -> {
            if (t.currentStep() != step) return Map.<Long, byte[]>of();
            MachineState st = t.state();
            Map<Long, byte[]> got = new HashMap<>();
            for (long p : pages) got.put(p, st.readMemory(p * 4096, 4096));
            return got;
        }, got -> done.accept(step, got)));
        memory.setOnWhoWrote(this::whoWrote);
        timelineBar.setOnSeek(session::scrubTo);
        breakpoints.setActions(new BreakpointsView.Actions() {
            @Override
            public void addBreakpoint() {
                addBreakpointDialog();
            }

            @Override
            public void addMemoryWatchpoint() {
                addMemoryWatchDialog(memory.selectionStart(), memory.selectionStart() < 0 ? 4 : (int) (memory.selectionEnd() - memory.selectionStart() + 1));
            }

            @Override
            public void addGlobalWatchpoint() {
                addGlobalWatchDialog();
            }

            @Override
            public void remove(BreakpointsView.Item item) {
                session.edit(t -> {
                    if (item.breakpoint() != null) t.removeBreakpoint(item.breakpoint().id());
                    else t.removeWatchpoint(item.watchpoint().id());
                });
            }

            @Override
            public void setEnabled(BreakpointsView.Item item, boolean enabled) {
                if (item.breakpoint() != null) {
                    session.edit(t -> t.setBreakpointEnabled(item.breakpoint().id(), enabled));
                } else {
                    session.edit(t -> t.setWatchpointEnabled(item.watchpoint().id(), enabled));
                }
            }

            @Override
            public void editCondition(BreakpointsView.Item item) {
                Breakpoint b = item.breakpoint();
                TextInputDialog d = textDialog("Breakpoint condition", "Condition (empty for none), e.g. i == 8, or $3 == 8 for an unnamed local",
                    b.condition() == null ? "" : b.condition());
                // The new breakpoint is added before the old one goes: a condition that does not compile
                // then leaves the breakpoint as it was.
                d.showAndWait().ifPresent(c -> session.edit(t -> {
                    Breakpoint nb = t.addBreakpoint(b.functionIndex(), b.wasmOffset(), c.isBlank() ? null : c.strip());
                    t.removeBreakpoint(b.id());
                    if (!b.enabled()) t.setBreakpointEnabled(nb.id(), false);
                }, e -> error("Invalid condition", message(e) + "\n\nThe breakpoint keeps "
                    + (b.condition() == null ? "no condition." : "its condition " + b.condition() + "."))));
            }

            @Override
            public void goTo(BreakpointsView.Item item) {
                if (item.breakpoint() != null) {
                    Breakpoint b = item.breakpoint();
                    if (b.onEntry()) code.goToFunction(b.functionIndex());
                    else code.goToOffset(b.wasmOffset());
                } else if (item.watchpoint().kind() == io.backstep.recorder.timeline.Watchpoint.Kind.MEMORY) {
                    memory.goTo(item.watchpoint().address(), item.watchpoint().length());
                }
            }
        });
    }

    // ---- theme ---------------------------------------------------------------------------

    private void toggleTheme() {
        applyTheme(!dark);
        theme.setDark(dark);
    }

    private void applyTheme(boolean toDark) {
        dark = toDark;
        Application.setUserAgentStylesheet(toDark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        root.getStyleClass().removeAll("dark", "light");
        root.getStyleClass().add(toDark ? "dark" : "light");
        timelineBar.setDark(toDark);
    }

    public boolean isDark() {
        return dark;
    }

    // ---- opening ---------------------------------------------------------------------------

    private void chooseAndOpen() {
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
        if (f != null) openFile(f.toPath());
    }

    private void chooseRecordingDir() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open recording directory");
        File f = dc.showDialog(stage);
        if (f != null) openFile(f.toPath());
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) recentMenu.getItems().add(item(p.toString(), null, null, () -> openFile(p)));
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    /** Opens a .wasm (records it with its remembered run configuration) or a .bstrace. */
    public void openFile(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".bstrace") || Files.isDirectory(file)) {
                recent.add(file);
                currentModuleBytes = null;
                currentName = name;
                session.open(name, file.toString(), "Opening " + name + "…", () -> factory.open(file), null,
                    e -> error("Cannot open " + name, message(e)));
                return;
            }
            if (!Files.isRegularFile(file)) {
                // A device or FIFO could be read forever.
                error("Cannot open " + name, Files.exists(file) ? "It is not a regular file." : "No such file.");
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            recent.add(file);
            record(name, file.toString(), bytes, RunConfig.load(bytes), "Cannot open " + name);
        } catch (java.io.IOException e) {
            error("Cannot open " + name, message(e));
        }
    }

    public void openSample(String sample) {
        byte[] bytes = BundledSamples.find(sample);
        if (bytes == null) {
            error("No such sample", sample);
            return;
        }
        record(sample + ".wasm", "bundled sample", bytes, RunConfig.load(bytes), "Cannot open " + sample + ".wasm");
    }

    /** Records {@code bytes} in the background; a failure is reported under {@code errorTitle}. */
    private void record(String name, String source, byte[] bytes, RunConfig config, String errorTitle) {
        currentModuleBytes = bytes;
        currentName = name;
        session.open(name, source, "Recording " + name + "…", () -> factory.record(name, bytes, config,
                steps -> Platform.runLater(() -> session.busyTextProperty().set(String.format("Recording %s… %,d steps (Cancel keeps what is recorded)", name, steps)))),
            factory::cancel,
            e -> error(errorTitle, LoadError.describe(e, bytes.length)));
    }

    private void editRunConfig() {
        if (currentModuleBytes == null) {
            info("Run configuration", "Only a module opened from a .wasm file can be re-recorded.");
            return;
        }
        new RunConfigDialog(stage, currentName, RunConfig.load(currentModuleBytes)).showAndWait().ifPresent(cfg -> {
            cfg.save(currentModuleBytes);
            record(currentName, "re-recorded", currentModuleBytes, cfg, "Cannot record " + currentName);
        });
    }

    private void export(boolean window) {
        Session.Loaded l = session.loaded();
        Snapshot s = session.snapshot();
        if (l == null || s == null) return;
        if (!factory.canExport()) {
            info("Export not available", "This build's recorder offers no export API yet, so recordings cannot be saved.");
            return;
        }
        long from = 0;
        long to = s.endStep();
        if (window) {
            TextInputDialog d = textDialog("Export window", "Steps before and after the current step to keep", "100000");
            Optional<String> r = d.showAndWait();
            if (r.isEmpty()) return;
            long radius;
            try {
                radius = Long.parseLong(r.get().trim());
            } catch (NumberFormatException e) {
                error("Not a number", r.get());
                return;
            }
            from = Math.max(0, s.step() - radius);
            to = Math.min(s.endStep(), s.step() + radius);
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export recording");
        fc.setInitialFileName(l.name().replaceAll("\\.wasm$", "") + ".bstrace");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Backstep recordings", "*.bstrace"));
        File f = fc.showSaveDialog(stage);
        if (f == null) return;
        exportTo(f.toPath(), from, to);
    }

    /** Exports steps [from, to] to {@code out} in the background. */
    public void exportTo(Path out, long from, long to) {
        session.busyTextProperty().set("Exporting…");
        session.query(t -> {
            try {
                factory.export(t, out, from, to);
                return Boolean.TRUE;
            } catch (Exception e) {
                throw new IllegalStateException(message(e), e);
            }
        }, ok -> status.setText("Exported to " + out));
    }

    // ---- navigation ------------------------------------------------------------------------

    private void step(String what, Function<Timeline, Stop> cmd) {
        if (session.busyProperty().get()) return;
        session.navigate(what, cmd);
    }

    private void resume(Direction d) {
        step(d == Direction.FORWARD ? "Running" : "Running backwards", t -> t.resume(d));
    }

    private void runToCursor(Direction d) {
        WatText w = code.wat();
        if (w == null) return;
        int line = code.caretLine();
        int off = w.offsetAt(line);
        int fn = w.functionAt(line);
        if (off < 0 || fn < 0) {
            status.setText("Put the cursor on an instruction line first");
            return;
        }
        step("Run to cursor", t -> t.runTo(fn, off, d));
    }

    private void toggleAtCaret() {
        WatText w = code.wat();
        if (w == null) return;
        int line = code.caretLine();
        if (w.offsetAt(line) >= 0) toggleBreakpoint(w.functionAt(line), w.offsetAt(line));
    }

    /** Adds a breakpoint at {@code offset} or removes the one that is there. */
    public void toggleBreakpoint(int fn, int offset) {
        session.edit(t -> {
            for (Breakpoint b : t.breakpoints()) {
                if (!b.onEntry() && b.wasmOffset() == offset && b.functionIndex() == fn) {
                    t.removeBreakpoint(b.id());
                    return;
                }
            }
            t.addBreakpoint(fn, offset, null);
        });
    }

    private void goToStep() {
        Snapshot s = session.snapshot();
        if (s == null) return;
        TextInputDialog d = textDialog("Go to step", "Step (0 … " + s.endStep() + ")", Long.toString(s.step()));
        d.showAndWait().ifPresent(v -> {
            try {
                long target = Long.parseLong(v.trim().replace("_", "").replace(",", ""));
                step("Go to step", t -> {
                    t.seek(target);
                    return Stop.step(t.currentStep());
                });
            } catch (NumberFormatException e) {
                error("Not a step number", v);
            }
        });
    }

    private void goToFunction() {
        Session.Loaded l = session.loaded();
        if (l == null) return;
        new GoToFunctionDialog(stage, l.timeline().module().module()).showAndWait().ifPresent(code::goToFunction);
    }

    private void goToOffset() {
        if (code.wat() == null) return;
        textDialog("Go to offset", "Byte offset in the module (hex 0x… or decimal)", "0x").showAndWait().ifPresent(v -> {
            Long off = parseNumber(v);
            if (off == null || !code.goToOffset((int) (long) off)) error("No instruction there", v);
        });
    }

    private void goToAddress() {
        if (session.snapshot() == null) return;
        textDialog("Go to memory address", "Address (hex 0x… or decimal)", "0x").showAndWait().ifPresent(v -> {
            if (!memory.goTo(v)) error("Not an address", v);
            selectTab(memory);
        });
    }

    private void selectTab(Node content) {
        for (Node n : root.lookupAll(".tab-pane")) {
            TabPane tp = (TabPane) n;
            for (Tab t : tp.getTabs()) if (t.getContent() == content) tp.getSelectionModel().select(t);
        }
    }

    static Long parseNumber(String v) {
        try {
            String t = v.trim().toLowerCase().replace("_", "");
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void askWhoWrote() {
        Snapshot s = session.snapshot();
        if (s == null) return;
        String guess = "";
        if (s.trapMessage() != null) {
            Matcher m = Pattern.compile("0x[0-9a-fA-F]+").matcher(s.trapMessage());
            if (m.find()) guess = m.group();
        }
        if (guess.isEmpty() && memory.selectionStart() >= 0) guess = String.format("0x%x", memory.selectionStart());
        textDialog("Who wrote this?", "Memory address (hex 0x… or decimal); 4 bytes are checked", guess).showAndWait().ifPresent(v -> {
            Long a = parseNumber(v);
            if (a == null) {
                error("Not an address", v);
                return;
            }
            whoWrote(a, 4);
        });
    }

    /** Finds the last write to [address, address+length) before the current step and jumps there. */
    public void whoWrote(long address, int length) {
        Snapshot s = session.snapshot();
        if (s == null) return;
        long before = s.step();
        session.query(t -> Optional.ofNullable(t.lastWrite(address, length, before)).flatMap(o -> o), w -> {
            if (w.isEmpty()) {
                info("No write found", String.format("Nothing wrote 0x%x … 0x%x before step %d (it still holds its initial value).", address, address + length - 1, before));
                return;
            }
            WriteInfo wi = w.get();
            String who = wi.hostCall() != null ? "the host call " + wi.hostCall()
                : (wi.functionName() != null ? SafeText.escape(wi.functionName()) : "func[" + wi.functionIndex() + "]");
            // State `step` is the one after the write; stop just before it so the writing instruction is current.
            long target = Math.max(0, wi.step() - 1);
            step("Go to write", t -> {
                t.seek(target);
                return Stop.step(t.currentStep());
            });
            status.setText(String.format("0x%x was last written at step %d by %s @0x%x", address, wi.step(), who, wi.wasmOffset()));
        });
    }

    // ---- dialogs ------------------------------------------------------------------------

    private void addBreakpointDialog() {
        Session.Loaded l = session.loaded();
        if (l == null) return;
        WasmModule m = l.timeline().module().module();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(stage);
        d.setTitle("Add breakpoint");
        TextField where = new TextField();
        WatText w = code.wat();
        int caretOff = w == null ? -1 : w.offsetAt(code.caretLine());
        where.setText(caretOff >= 0 ? String.format("0x%x", caretOff) : "");
        where.setPromptText("function name, or byte offset 0x…");
        TextField cond = new TextField();
        cond.setPromptText("optional condition, e.g. i == 8");
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label("Function or offset"), where);
        g.addRow(1, new Label("Condition"), cond);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) return;
        String text = where.getText().trim();
        String c = cond.getText().isBlank() ? null : cond.getText().strip();
        Long off = parseNumber(text);
        if (off != null && w != null) {
            int line = w.lineOfOffset((int) (long) off);
            if (line < 0) {
                error("No instruction at that offset", text);
                return;
            }
            int fn = w.functionAt(line);
            session.edit(t -> t.addBreakpoint(fn, (int) (long) off, c), e -> error("Invalid condition", message(e)));
            return;
        }
        for (int i = 0; i < m.functionCount(); i++) {
            // The name as the module has it, or as the window shows it (escaped).
            String n = m.functionName(i);
            String shown = SafeText.escape(n);
            if (n != null && (text.equals(n) || text.equals("$" + n) || text.equals(shown) || text.equals("$" + shown))) {
                int fn = i;
                session.edit(t -> t.addBreakpoint(fn, -1, c), e -> error("Invalid condition", message(e)));
                return;
            }
        }
        error("Unknown function", text);
    }

    private void addMemoryWatchDialog(long address, int length) {
        if (session.snapshot() == null) return;
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(stage);
        d.setTitle("Add memory watchpoint");
        TextField addr = new TextField(address >= 0 ? String.format("0x%x", address) : "");
        addr.setPromptText("address (hex 0x… or decimal)");
        addr.setPrefColumnCount(20); // room for the whole prompt
        TextField len = new TextField(Integer.toString(length));
        addr.setId("watch-address");
        len.setId("watch-length");
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label("Address"), addr);
        g.addRow(1, new Label("Length (bytes)"), len);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) return;
        Long a = parseNumber(addr.getText());
        Long n = parseNumber(len.getText());
        if (a == null || n == null || n <= 0) {
            error("Invalid watchpoint", addr.getText() + " / " + len.getText());
            return;
        }
        addMemoryWatchpoint(a, (int) (long) n);
    }

    public void addMemoryWatchpoint(long address, int length) {
        session.edit(t -> t.addMemoryWatchpoint(address, length));
    }

    private void addGlobalWatchDialog() {
        Snapshot s = session.snapshot();
        if (s == null || s.globals().isEmpty()) return;
        List<String> names = new ArrayList<>();
        for (GlobalVar g : s.globals()) if (g.mutable()) names.add(SafeText.escape(g.label()) + "  [" + g.index() + "]");
        if (names.isEmpty()) {
            info("No mutable globals", "This module has no global that can change.");
            return;
        }
        ChoiceDialog<String> d = new ChoiceDialog<>(names.get(0), names);
        d.initOwner(stage);
        d.setTitle("Add global watchpoint");
        d.setHeaderText("Stop when this global is written");
        d.showAndWait().ifPresent(v -> {
            Matcher m = Pattern.compile("\\[(\\d+)]$").matcher(v);
            if (m.find()) {
                int gi = Integer.parseInt(m.group(1));
                session.edit(t -> t.addGlobalWatchpoint(gi));
            }
        });
    }

    private TextInputDialog textDialog(String title, String header, String value) {
        TextInputDialog d = new TextInputDialog(value);
        d.initOwner(stage);
        d.setTitle(title);
        d.setHeaderText(header);
        return d;
    }

    private void error(String title, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(title);
        a.show();
    }

    private void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(title);
        a.show();
    }

    private void showShortcuts() {
        info("Keyboard shortcuts", String.join("\n",
            "F5 / Shift+F5          continue / reverse continue",
            "F6                     pause",
            "F10 / Shift+F10        step over / reverse step over",
            "F11 / Ctrl+F11         step into / step back",
            "Shift+F11 / Ctrl+Shift+F11   step out / reverse step out",
            "Ctrl+F10 / Ctrl+Shift+F10    run to cursor / backwards",
            "F9                     toggle breakpoint at the cursor",
            "Ctrl+Home / Ctrl+End   start / end of the recording",
            "Ctrl+G  go to step     Ctrl+P  go to function",
            "Ctrl+L  go to offset   Ctrl+M  go to memory address",
            "Ctrl+Shift+H  values in hex   Ctrl+Shift+T  dark theme"));
    }

    private void about() {
        info("Backstep", "A time-travel debugger for WebAssembly.");
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    // ---- showing a stop --------------------------------------------------------------------

    private void onLoaded(Session.Loaded l) {
        code.load(l == null ? null : l.wat());
        memory.clear();
        if (l == null) {
            stage.setTitle("Backstep");
        } else {
            stage.setTitle(l.name() + " — Backstep");
            WasmModule m = l.timeline().module().module();
            breakpoints.setNames(i -> functionName(m, i), i -> {
                String n = m.names().globalNames().get(i);
                return n != null ? SafeText.escape(n) : "$g" + i;
            });
        }
        updateEnabled();
    }

    /** A function's name as the window shows it: module-supplied names are escaped (no control or bidi characters). */
    static String functionName(WasmModule m, int i) {
        String n = m.functionName(i);
        return n != null ? SafeText.escape(n) : "func[" + i + "]";
    }

    private void updateEnabled() {
        boolean off = session.loaded() == null || session.busyProperty().get();
        for (Node n : needsRecording) n.setDisable(off);
        for (MenuItem i : needsRecordingItems) i.setDisable(off);
    }

    private void show(Snapshot s) {
        Snapshot prev = session.previous();
        if (s == null) {
            code.show(null);
            stack.getItems().clear();
            locals.clear();
            operands.clear();
            globals.clear();
            tables.clear();
            memory.clear();
            console.show("");
            breakpoints.show(null);
            timelineBar.show(0, 0, List.of(), List.of());
            trapBanner.show(null);
            stepLabel.setText("");
            sizeLabel.setText("");
            status.setText(session.busyProperty().get() ? session.busyTextProperty().get() : "No recording — File → Open, or drop a .wasm file here");
            return;
        }
        stack.setFrames(s.frames());
        showLocals(s, prev);
        List<VariablesView.Row> g = new ArrayList<>();
        for (GlobalVar v : s.globals()) g.add(new VariablesView.Row("g" + v.index(), v.label() + (v.mutable() ? "" : "  (const)"), v.value(), false));
        globals.setRows(g, prev == null ? null : globalRows(prev));
        List<VariablesView.Row> tr = new ArrayList<>();
        for (int t = 0; t < s.tables().size(); t++) {
            List<Value> els = s.tables().get(t);
            for (int i = 0; i < els.size(); i++) tr.add(new VariablesView.Row(t + ":" + i, "table " + t + "[" + i + "]", els.get(i), false));
        }
        tables.setRows(tr, null);
        memory.show(s.step(), s.memorySize());
        console.show(s.console());
        breakpoints.show(s);
        timelineBar.show(s.endStep(), s.step(), s.markers(), session.hitSteps());
        trapBanner.show(s);
        FrameInfo top = s.top();
        String where = top == null ? "—" : String.format("%s @0x%06x",
            top.functionName() != null ? SafeText.escape(top.functionName()) : "func[" + top.functionIndex() + "]", top.wasmOffset());
        stepLabel.setText(String.format("Step %,d / %,d", s.step(), s.endStep()));
        sizeLabel.setText("Recording " + humanBytes(s.journalBytes()));
        status.setText(describe(s) + "   " + where);
        // Last: the code view scrolls, which must not keep the other views from updating if it fails.
        code.show(s);
    }

    private static List<VariablesView.Row> globalRows(Snapshot s) {
        List<VariablesView.Row> g = new ArrayList<>();
        for (GlobalVar v : s.globals()) g.add(new VariablesView.Row("g" + v.index(), v.label(), v.value(), false));
        return g;
    }

    private void showLocals(Snapshot s, Snapshot prev) {
        if (s == null) {
            locals.clear();
            operands.clear();
            return;
        }
        FrameInfo f = selectedFrame != null && s.frames().contains(selectedFrame) ? selectedFrame : s.top();
        if (f == null) {
            locals.clear();
            operands.clear();
            return;
        }
        FrameInfo pf = prev != null && prev.frames().size() > f.depth() ? prev.frames().get(f.depth()) : null;
        if (pf != null && pf.functionIndex() != f.functionIndex()) pf = null;
        locals.setRows(localRows(f), pf == null ? null : localRows(pf));
        operands.setRows(operandRows(f), pf == null ? null : operandRows(pf));
    }

    private static List<VariablesView.Row> localRows(FrameInfo f) {
        List<VariablesView.Row> rows = new ArrayList<>();
        for (LocalVar l : f.locals()) rows.add(new VariablesView.Row("l" + l.index(), l.label(), l.value(), false));
        return rows;
    }

    private static List<VariablesView.Row> operandRows(FrameInfo f) {
        List<VariablesView.Row> rows = new ArrayList<>();
        List<Value> ops = f.operands();
        for (int i = ops.size() - 1; i >= 0; i--) {
            rows.add(new VariablesView.Row("o" + i, i == ops.size() - 1 ? "[" + i + "] top" : "[" + i + "]", ops.get(i), false));
        }
        return rows;
    }

    private static String describe(Snapshot s) {
        Stop st = s.stop();
        String why = st == null ? "" : switch (st.reason()) {
            case BREAKPOINT -> "Breakpoint hit.";
            case WATCHPOINT -> "Watchpoint hit.";
            case TRAP -> "Stopped at the trap.";
            case END -> "End of recording.";
            case START -> "Start of recording.";
            case PAUSED -> "Paused.";
            case STEP -> "";
        };
        if (s.status() == MachineState.Status.EXITED) why = (why + " Program exited with status " + s.exitStatus() + ".").trim();
        if (s.status() == MachineState.Status.FINISHED) why = (why + " Program finished.").trim();
        return why;
    }

    static String humanBytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format("%.1f KB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format("%.1f MB", b / (1024.0 * 1024));
        return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
    }

    public void showWindow() {
        stage.show();
    }

    /** For tests and startup: run {@code r} once the window has been laid out. */
    public static void later(Runnable r) {
        Platform.runLater(r);
    }
}
