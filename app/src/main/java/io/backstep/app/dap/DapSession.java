package io.backstep.app.dap;

import io.backstep.engine.WasmException;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceLocator;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.WatPrinter;
import io.backstep.engine.text.WatText;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;
import org.eclipse.lsp4j.debug.DataBreakpointAccessType;
import org.eclipse.lsp4j.debug.DataBreakpointInfoArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoResponse;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembleResponse;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.ReadMemoryResponse;
import org.eclipse.lsp4j.debug.ReverseContinueArguments;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetDataBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetDataBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsResponse;
import org.eclipse.lsp4j.debug.SourceArguments;
import org.eclipse.lsp4j.debug.SourceResponse;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;
import org.eclipse.lsp4j.debug.StepBackArguments;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.SteppingGranularity;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminateArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * One debugging session of one client: answers DAP requests over a recorded run. The timeline is
 * touched only on the session's own worker thread, one request at a time, in arrival order; a
 * command that moves the program (continue, step, reverse-continue, ...) is answered at once and
 * reported later by a stopped event. Every failure becomes an error response with a message; nothing
 * a client sends ends the session except {@code disconnect}.
 */
public final class DapSession implements IDebugProtocolServer {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        java.lang.Thread t = new java.lang.Thread(r, "backstep-dap-session");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final VariableHandles handles = new VariableHandles();
    private IDebugProtocolClient client;

    // Session state, worker thread only (debuggee is also read by pause and disconnect).
    private boolean initialized;
    private boolean configured;
    private boolean terminated;
    private int lineBase = 1;
    private int columnBase = 1;
    private LaunchConfig config;
    private volatile Debuggee debuggee;
    private volatile boolean cancelLoad;
    private CodeLocations locations;
    /** The module's debug info, or null when it has none (or it is unreadable): WebAssembly level only. */
    private SourceModel sourceModel;
    private SourceStepper lineStepper;
    private StopView view;
    private Disassembly disassembly;
    private BreakpointTable breakpoints;
    private ProgramOutput output;
    private boolean exitedSent;
    /** A movement is queued or running (set on the worker, read by pause on the reader thread). */
    private volatile boolean moving;
    private volatile boolean pauseWanted;

    /** Movements waiting for their request's response to go out, by command name. */
    private final java.util.Map<String, Runnable> afterResponse = new java.util.concurrent.ConcurrentHashMap<>();

    /** Called by the transport after it wrote {@code message} to the client. */
    void sent(org.eclipse.lsp4j.jsonrpc.messages.Message message) {
        if (message instanceof org.eclipse.lsp4j.jsonrpc.debug.messages.DebugResponseMessage r && r.getError() == null) {
            Runnable next = afterResponse.remove(r.getMethod());
            if (next != null) next.run();
        }
    }

    /** The client that gets events; set once, before the first request. */
    public void connect(IDebugProtocolClient client) {
        this.client = client;
    }

    /** Completes when the client disconnected (after the disconnect response went out). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Ends the session (disconnect, or the connection closed): interrupts what runs and releases the
     * recording's journal before returning, so a process that exits right after leaves nothing behind.
     */
    public void close() {
        cancelLoad = true;
        Debuggee d = debuggee;
        if (d != null) d.timeline().pause();
        try {
            worker.execute(this::release);
        } catch (RejectedExecutionException e) {
            // already closing: wait for it below
        }
        worker.shutdown();
        try {
            worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private interface Body<T> {
        T run() throws Exception;
    }

    /** Runs a request's body on the worker; any failure becomes an error response naming the problem. */
    private <T> CompletableFuture<T> call(String command, Body<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    f.complete(body.run());
                } catch (Throwable t) {
                    f.completeExceptionally(error(command, t));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(error(command, new DapException("the session has ended")));
        }
        return f;
    }

    static ResponseErrorException error(String command, Throwable t) {
        String message;
        if (t instanceof DapException || t instanceof IllegalArgumentException || t instanceof SourceException) message = t.getMessage();
        else if (t instanceof WasmException w) message = WasmException.describe(w);
        else if (t instanceof OutOfMemoryError) message = "out of memory (give the adapter a larger -Xmx)";
        else message = "internal error: " + t;
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidRequest, "'" + command + "': " + message, null));
    }

    private Timeline timeline() {
        if (debuggee == null) {
            throw new DapException(initialized ? "no program yet: send 'launch' first" : "send 'initialize', then 'launch', first");
        }
        return debuggee.timeline();
    }

    private Timeline stoppedTimeline() {
        Timeline t = timeline();
        if (terminated) throw new DapException("the debuggee was terminated");
        if (!configured) throw new DapException("the program has not started: send 'configurationDone' first");
        return t;
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Capabilities> initialize(InitializeRequestArguments args) {
        return call("initialize", () -> {
            if (initialized) throw new DapException("the session is already initialized");
            initialized = true;
            if (args != null && Boolean.FALSE.equals(args.getLinesStartAt1())) lineBase = 0;
            if (args != null && Boolean.FALSE.equals(args.getColumnsStartAt1())) columnBase = 0;
            Capabilities c = new Capabilities();
            c.setSupportsConfigurationDoneRequest(true);
            c.setSupportsStepBack(true);
            c.setSupportsConditionalBreakpoints(true);
            c.setSupportsHitConditionalBreakpoints(true);
            c.setSupportsFunctionBreakpoints(true);
            c.setSupportsInstructionBreakpoints(true);
            c.setSupportsDataBreakpoints(true);
            c.setSupportsDataBreakpointBytes(true);
            c.setSupportsReadMemoryRequest(true);
            c.setSupportsDisassembleRequest(true);
            c.setSupportsEvaluateForHovers(true);
            c.setSupportsSteppingGranularity(true);
            c.setSupportsTerminateRequest(true);
            c.setSupportsDelayedStackTraceLoading(true);
            return c;
        });
    }

    @Override
    public CompletableFuture<Void> launch(Map<String, Object> args) {
        CompletableFuture<Void> f = call("launch", () -> {
            if (!initialized) throw new DapException("send 'initialize' first");
            if (debuggee != null) throw new DapException("a program is already launched in this session");
            LaunchConfig c = LaunchConfig.parse(args);
            Debuggee d = Debuggee.load(c, () -> cancelLoad);
            setUpViews(d, c);
            config = c;
            debuggee = d;
            return null;
        });
        // After the response: the client may configure breakpoints from now on.
        f.thenRun(() -> worker.execute(client::initialized));
        return f;
    }

    /** Builds the views of a freshly loaded program: at the source level when its debug info is readable. */
    private void setUpViews(Debuggee d, LaunchConfig c) {
        ReplayTimeline t = d.timeline();
        WasmModule module = t.module().module();
        WatText wat = WatPrinter.print(module);
        SourceModel model = SourceModel.of(module);
        if (!model.available() && d.moduleDir() != null) {
            SourceModel beside = SourceModel.open(module, d.moduleDir()); // DWARF in a separate file next to the module
            if (beside.available()) model = beside;
        }
        WatLocations text = new WatLocations(wat, d.name(), "no source-level breakpoints in " + d.name() + ": " + model.status()
                + "; set breakpoints in the WebAssembly text (the module's .wat source), on functions or on instructions");
        if (model.available()) {
            SourceFiles files = new SourceFiles(model, new SourceLocator(d.moduleDir(), c.sourceFolders()), d.bundledSample(), this::notice);
            locations = new SourceLocations(model, files, text, t.module());
            sourceModel = model;
            lineStepper = new SourceStepper(t, model);
        } else {
            locations = text;
        }
        disassembly = new Disassembly(wat, module, text);
        breakpoints = new BreakpointTable(t, locations, disassembly, lineBase);
        output = new ProgramOutput();
    }

    /** A note for the person debugging, in the client's debug console. */
    private void notice(String text) {
        OutputEventArguments o = new OutputEventArguments();
        o.setCategory(OutputEventArgumentsCategory.CONSOLE);
        o.setOutput("backstep: " + text + "\n");
        client.output(o);
    }

    /** The stop the timeline stands at (rebuilt after every movement). */
    private StopView view() {
        Timeline t = stoppedTimeline();
        if (view == null || view.state() != t.state()) view = new StopView(t.state(), locations, sourceModel);
        return view;
    }

    @Override
    public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments args) {
        CompletableFuture<Void> f = call("configurationDone", () -> {
            timeline();
            if (configured) throw new DapException("configuration is already done");
            configured = true;
            moving = !config.stopOnEntry(); // before the response, so a pause right after it counts
            // After the response has gone out (see sent): the entry stop, or the run to the first stop.
            afterResponse.put("configurationDone", config.stopOnEntry() ? () -> worker.execute(() -> {
                Timeline t = debuggee.timeline();
                handles.reset();
                view = null;
                StoppedEventArguments e = StopEvents.of(Stop.step(t.currentStep()), t.state(), breakpoints);
                e.setReason("entry");
                e.setDescription("Entry: step 0 of the recording");
                client.stopped(e);
            }) : () -> move(t -> t.resume(Direction.FORWARD), Direction.FORWARD, true));
            return null;
        });
        return f;
    }

    @Override
    public CompletableFuture<Void> disconnect(DisconnectArguments args) {
        cancelLoad = true;
        Debuggee d = debuggee;
        if (d != null) d.timeline().pause();
        // Once the response is written (see sent), the transport (DapServer) closes the session, off the
        // worker thread; ending it before would close the connection under the unsent response.
        return call("disconnect", () -> {
            afterResponse.put("disconnect", () -> ended.complete(null));
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> terminate(TerminateArguments args) {
        cancelLoad = true;
        Debuggee d = debuggee;
        if (d != null) d.timeline().pause();
        return call("terminate", () -> {
            timeline();
            terminated = true;
            afterResponse.put("terminate", () -> client.terminated(new TerminatedEventArguments()));
            return null;
        });
    }

    private void release() {
        Debuggee d = debuggee;
        debuggee = null;
        if (d != null) d.close();
    }

    // ---- breakpoints ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments args) {
        return call("setBreakpoints", () -> {
            timeline();
            if (args.getSource() == null) throw new DapException("'source' is missing");
            SetBreakpointsResponse r = new SetBreakpointsResponse();
            r.setBreakpoints(breakpoints.setSource(args.getSource(), args.getBreakpoints()));
            return r;
        });
    }

    @Override
    public CompletableFuture<SetFunctionBreakpointsResponse> setFunctionBreakpoints(SetFunctionBreakpointsArguments args) {
        return call("setFunctionBreakpoints", () -> {
            timeline();
            SetFunctionBreakpointsResponse r = new SetFunctionBreakpointsResponse();
            r.setBreakpoints(breakpoints.setFunctions(args.getBreakpoints()));
            return r;
        });
    }

    @Override
    public CompletableFuture<SetInstructionBreakpointsResponse> setInstructionBreakpoints(SetInstructionBreakpointsArguments args) {
        return call("setInstructionBreakpoints", () -> {
            timeline();
            SetInstructionBreakpointsResponse r = new SetInstructionBreakpointsResponse();
            r.setBreakpoints(breakpoints.setInstructions(args.getBreakpoints()));
            return r;
        });
    }

    @Override
    public CompletableFuture<SetExceptionBreakpointsResponse> setExceptionBreakpoints(SetExceptionBreakpointsArguments args) {
        // Traps always stop (they end the recording); there are no exception filters to set.
        return call("setExceptionBreakpoints", () -> new SetExceptionBreakpointsResponse());
    }

    @Override
    public CompletableFuture<DataBreakpointInfoResponse> dataBreakpointInfo(DataBreakpointInfoArguments args) {
        return call("dataBreakpointInfo", () -> {
            Timeline t = timeline();
            DataBreakpointInfoResponse r = new DataBreakpointInfoResponse();
            try {
                DataId id;
                Integer ref = args.getVariablesReference();
                boolean asAddress = Boolean.TRUE.equals(args.getAsAddress());
                if (ref != null && ref > 0 && !asAddress) {
                    id = handles.get(ref).dataId(args.getName());
                } else {
                    id = new Expressions(t, this::view, handles).watch(args.getName(), args.getFrameId(), args.getBytes(), asAddress);
                }
                r.setDataId(id.format());
                r.setDescription(id.describe());
                r.setAccessTypes(new DataBreakpointAccessType[] {DataBreakpointAccessType.WRITE});
                r.setCanPersist(false);
            } catch (DapException | IllegalArgumentException | WasmException e) {
                // Not watchable: the protocol answers with no dataId and says why.
                r.setDescription(e.getMessage());
            }
            return r;
        });
    }

    @Override
    public CompletableFuture<SetDataBreakpointsResponse> setDataBreakpoints(SetDataBreakpointsArguments args) {
        return call("setDataBreakpoints", () -> {
            timeline();
            SetDataBreakpointsResponse r = new SetDataBreakpointsResponse();
            r.setBreakpoints(breakpoints.setData(args.getBreakpoints()));
            return r;
        });
    }

    // ---- moving -----------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ContinueResponse> continue_(ContinueArguments args) {
        CompletableFuture<ContinueResponse> f = call("continue", () -> {
            stoppedTimeline();
            moving = true;
            afterResponse.put("continue", () -> move(t -> t.resume(Direction.FORWARD), Direction.FORWARD, true));
            ContinueResponse r = new ContinueResponse();
            r.setAllThreadsContinued(true);
            return r;
        });
        return f;
    }

    @Override
    public CompletableFuture<Void> reverseContinue(ReverseContinueArguments args) {
        return command("reverseContinue", t -> t.resume(Direction.BACKWARD), Direction.BACKWARD, true);
    }

    @Override
    public CompletableFuture<Void> next(NextArguments args) {
        return command("next", step(SourceStepper.Kind.OVER, Direction.FORWARD, args == null ? null : args.getGranularity()), Direction.FORWARD, false);
    }

    @Override
    public CompletableFuture<Void> stepBack(StepBackArguments args) {
        // The reverse of 'next' (a line back, over calls); at instruction granularity exactly one instruction back.
        SteppingGranularity g = args == null ? null : args.getGranularity();
        return command("stepBack", step(g == SteppingGranularity.INSTRUCTION ? SourceStepper.Kind.INTO : SourceStepper.Kind.OVER,
                Direction.BACKWARD, g), Direction.BACKWARD, false);
    }

    @Override
    public CompletableFuture<Void> stepIn(StepInArguments args) {
        return command("stepIn", step(SourceStepper.Kind.INTO, Direction.FORWARD, args == null ? null : args.getGranularity()), Direction.FORWARD, false);
    }

    @Override
    public CompletableFuture<Void> stepOut(StepOutArguments args) {
        return command("stepOut", step(SourceStepper.Kind.OUT, Direction.FORWARD, args == null ? null : args.getGranularity()), Direction.FORWARD, false);
    }

    /**
     * A step by source line where the stop is in code with debug info and the client did not ask for instructions;
     * otherwise by instruction (step over and out run calls as a whole).
     */
    private Function<Timeline, Stop> step(SourceStepper.Kind kind, Direction direction, SteppingGranularity granularity) {
        return t -> {
            if (granularity != SteppingGranularity.INSTRUCTION && lineStepper != null && view().inCodeWithDebugInfo()) {
                return lineStepper.step(kind, direction);
            }
            return switch (kind) {
                case OVER -> t.stepOver(direction);
                case INTO -> t.stepInto(direction);
                case OUT -> t.stepOut(direction);
            };
        };
    }

    @Override
    public CompletableFuture<Void> pause(PauseArguments args) {
        cancelLoad = true;
        Debuggee d = debuggee;
        if (d == null || !moving) return CompletableFuture.completedFuture(null);
        // A command clears pending pauses when it starts: keep asking until the stop is reported, so a
        // pause that arrives just before the movement begins is not lost.
        pauseWanted = true;
        java.lang.Thread repeater = new java.lang.Thread(() -> {
            while (pauseWanted && moving) {
                d.timeline().pause();
                try {
                    java.lang.Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "backstep-dap-pause");
        repeater.setDaemon(true);
        repeater.start();
        return CompletableFuture.completedFuture(null);
    }

    /** Answers a moving request at once, then runs it and reports where it stopped. */
    private CompletableFuture<Void> command(String name, Function<Timeline, Stop> what, Direction direction, boolean resume) {
        // The movement starts once the response has been written (responseSent): its stopped event
        // must never reach the client before the answer to the request that caused it.
        return call(name, () -> {
            stoppedTimeline();
            moving = true;
            afterResponse.put(name, () -> move(what, direction, resume));
            return null;
        });
    }

    /** Queues a movement; a resume goes on past breakpoint hits whose hit condition says no. */
    private void move(Function<Timeline, Stop> what, Direction direction, boolean resume) {
        worker.execute(() -> {
            Timeline t = debuggee.timeline();
            Stop stop;
            try {
                stop = pauseWanted ? new Stop(Stop.Reason.PAUSED, t.currentStep(), -1) : what.apply(t);
                while (resume && stop.reason() != Stop.Reason.PAUSED && !breakpoints.honours(stop)) stop = t.resume(direction);
            } catch (RuntimeException e) {
                report(e);
                stop = new Stop(Stop.Reason.PAUSED, t.currentStep(), -1);
            }
            moving = false;
            pauseWanted = false;
            stopped(t, stop);
        });
    }

    private void report(RuntimeException e) {
        OutputEventArguments o = new OutputEventArguments();
        o.setCategory(OutputEventArgumentsCategory.IMPORTANT);
        o.setOutput("backstep: " + (e instanceof WasmException w ? WasmException.describe(w) : e.getMessage()) + "\n");
        client.output(o);
    }

    private void stopped(Timeline t, Stop stop) {
        handles.reset();
        view = null;
        String news = output.advance(t);
        if (news != null) {
            OutputEventArguments o = new OutputEventArguments();
            o.setCategory(OutputEventArgumentsCategory.STDOUT);
            o.setOutput(news);
            client.output(o);
        }
        MachineState state = t.state();
        if (stop.reason() == Stop.Reason.END && state.status() != MachineState.Status.RUNNING && !exitedSent) {
            exitedSent = true;
            ExitedEventArguments x = new ExitedEventArguments();
            x.setExitCode(state.exitStatus());
            client.exited(x);
        }
        client.stopped(StopEvents.of(stop, state, breakpoints));
    }

    // ---- looking ----------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ThreadsResponse> threads() {
        return call("threads", () -> {
            ThreadsResponse r = new ThreadsResponse();
            if (debuggee == null) {
                r.setThreads(new Thread[0]);
                return r;
            }
            Thread th = new Thread();
            th.setId(StopEvents.THREAD_ID);
            th.setName(debuggee.name());
            r.setThreads(new Thread[] {th});
            return r;
        });
    }

    @Override
    public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments args) {
        return call("stackTrace", () -> {
            List<CodeLocations.Frame> frames = view().frames();
            int start = args.getStartFrame() == null ? 0 : Math.max(0, args.getStartFrame());
            int levels = args.getLevels() == null || args.getLevels() <= 0 ? Integer.MAX_VALUE : args.getLevels();
            List<StackFrame> out = new ArrayList<>();
            for (int i = start; i < frames.size() && out.size() < levels; i++) out.add(frame(frames.get(i), i + 1));
            StackTraceResponse r = new StackTraceResponse();
            r.setStackFrames(out.toArray(new StackFrame[0]));
            r.setTotalFrames(frames.size());
            return r;
        });
    }

    private StackFrame frame(CodeLocations.Frame f, int id) {
        StackFrame s = new StackFrame();
        s.setId(id);
        s.setName(f.name());
        s.setSource(f.where().source());
        s.setLine(f.where().line() + lineBase);
        s.setColumn(f.where().column() > 0 ? f.where().column() - 1 + columnBase : columnBase);
        s.setInstructionPointerReference(Addresses.format(f.wasmOffset()));
        if (f.presentationHint() != null) s.setPresentationHint(f.presentationHint());
        return s;
    }

    @Override
    public CompletableFuture<ScopesResponse> scopes(ScopesArguments args) {
        return call("scopes", () -> {
            StopView v = view();
            CodeLocations.Frame f = v.frame(args.getFrameId());
            List<org.eclipse.lsp4j.debug.Scope> scopes = new ArrayList<>();
            if (f.sourceFrame() != null) scopes.addAll(CVariables.scopes(v.source(), f.sourceFrame(), handles));
            scopes.addAll(WasmScopes.of(v.state(), f.wasmDepth(), handles, f.sourceFrame() != null));
            ScopesResponse r = new ScopesResponse();
            r.setScopes(scopes.toArray(new org.eclipse.lsp4j.debug.Scope[0]));
            return r;
        });
    }

    @Override
    public CompletableFuture<VariablesResponse> variables(VariablesArguments args) {
        return call("variables", () -> {
            stoppedTimeline();
            List<org.eclipse.lsp4j.debug.Variable> all = handles.get(args.getVariablesReference()).variables(handles);
            int start = args.getStart() == null ? 0 : Math.min(all.size(), Math.max(0, args.getStart()));
            int count = args.getCount() == null || args.getCount() <= 0 ? all.size() : args.getCount();
            VariablesResponse r = new VariablesResponse();
            r.setVariables(all.subList(start, Math.min(all.size(), start + count)).toArray(new org.eclipse.lsp4j.debug.Variable[0]));
            return r;
        });
    }

    @Override
    public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments args) {
        return call("evaluate", () -> new Expressions(stoppedTimeline(), this::view, handles).evaluate(args.getExpression(), args.getFrameId()));
    }

    @Override
    public CompletableFuture<SourceResponse> source(SourceArguments args) {
        return call("source", () -> {
            timeline();
            Integer ref = args.getSource() != null && args.getSource().getSourceReference() != null
                    ? args.getSource().getSourceReference() : args.getSourceReference();
            CodeLocations.Content content = ref == null ? null : locations.content(ref);
            if (content == null) throw new DapException("no source with reference " + ref);
            SourceResponse r = new SourceResponse();
            r.setContent(content.text());
            r.setMimeType(content.mimeType());
            return r;
        });
    }

    @Override
    public CompletableFuture<ReadMemoryResponse> readMemory(ReadMemoryArguments args) {
        return call("readMemory", () -> {
            MachineState state = stoppedTimeline().state();
            long address = Addresses.parse(args.getMemoryReference(), "'memoryReference'") + (args.getOffset() == null ? 0 : args.getOffset());
            if (address < 0) throw new DapException("the offset takes the address below 0");
            int count = args.getCount();
            if (count < 0 || count > (64 << 20)) throw new DapException("'count' must be between 0 and 64 MiB");
            long readable = Math.max(0, Math.min(count, state.memorySize() - address));
            ReadMemoryResponse r = new ReadMemoryResponse();
            r.setAddress(Addresses.format(address));
            if (readable > 0) r.setData(Base64.getEncoder().encodeToString(state.readMemory(address, (int) readable)));
            if (readable < count) r.setUnreadableBytes((int) (count - readable));
            return r;
        });
    }

    @Override
    public CompletableFuture<DisassembleResponse> disassemble(DisassembleArguments args) {
        return call("disassemble", () -> {
            timeline();
            DisassembleResponse r = new DisassembleResponse();
            r.setInstructions(disassembly.disassemble(args, lineBase).toArray(new DisassembledInstruction[0]));
            return r;
        });
    }
}
