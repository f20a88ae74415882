package io.backstep.engine.wasi;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;

/**
 * A WASI command module ready to run: linked against a {@link WasiHost}, instantiated, with a machine
 * prepared to call {@code _start}. The command line, the recorder and the debugger all run programs
 * through this, so a program is set up the same way (same store addresses) wherever it runs: that is
 * what lets a snapshot taken in one place be restored in another.
 */
public final class WasiProgram {
    public static final String ENTRY = "_start";
    /** No parameters, no results. */
    public static final FuncType ENTRY_TYPE = new FuncType(new ValType[0], new ValType[0]);

    private final CompiledModule module;
    private final WasiHost host;
    private final Linker linker;
    private final Instance instance;
    private final Machine machine;

    private WasiProgram(CompiledModule module, WasiHost host, Linker linker, Instance instance, Machine machine) {
        this.module = module;
        this.host = host;
        this.linker = linker;
        this.instance = instance;
        this.machine = machine;
    }

    /**
     * Links and instantiates {@code module} (running its start function, if any). Throws
     * {@link LinkException} if it imports something other than WASI preview1 functions.
     */
    public static WasiProgram instantiate(CompiledModule module, WasiHost host) {
        // With the interpreter alone, get its loop compiled from a broad profile first (once per JVM; see InterpreterWarmUp).
        io.backstep.engine.runtime.InterpreterWarmUp.ensure();
        Linker linker = new Linker();
        host.install(linker);
        Machine machine = new Machine(linker.store());
        Instance instance = linker.instantiate(module, machine);
        return new WasiProgram(module, host, linker, instance, machine);
    }

    /** Whether the module exports {@code _start} (a command) rather than only library functions. */
    public boolean isCommand() {
        return instance.export(ENTRY) instanceof FunctionInstance;
    }

    /**
     * Prepares the machine to run {@code _start} from its first instruction. Throws
     * {@link LinkException} if there is no {@code _start} function or it is not of type {@link #ENTRY_TYPE}.
     */
    public void start() {
        if (!isCommand()) throw new LinkException("the module exports no " + ENTRY + " function");
        FunctionInstance entry = instance.exportedFunction(ENTRY);
        if (!entry.type().equals(ENTRY_TYPE)) {
            throw new LinkException(ENTRY + " has type " + entry.type() + ", but a WASI command's " + ENTRY + " must have type " + ENTRY_TYPE);
        }
        machine.start(entry);
    }

    /**
     * The exit status once the machine stopped: the proc_exit code, 0 if {@code _start} returned,
     * or -1 while it is still running or if it trapped.
     */
    public int exitStatus() {
        return switch (machine.status()) {
            case FINISHED -> 0;
            case HOST_EXIT -> machine.hostException() instanceof WasiExitException e ? e.exitCode() : -1;
            default -> -1;
        };
    }

    public CompiledModule module() {
        return module;
    }

    public WasiHost host() {
        return host;
    }

    public Linker linker() {
        return linker;
    }

    public Instance instance() {
        return instance;
    }

    public Machine machine() {
        return machine;
    }
}
