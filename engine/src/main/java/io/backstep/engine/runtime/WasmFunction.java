package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledFunction;

/** A function defined by a module, bound to the instance whose memory, tables and globals it uses. */
public final class WasmFunction extends FunctionInstance {
    final Instance instance;
    final CompiledFunction code;
    /**
     * How many times this function has been entered, by any machine, since it was instantiated. Not part
     * of the machine state (snapshots neither save nor restore it): an observer such as the recorder
     * takes differences between two moments to learn which functions ran in between.
     */
    long calls;
    /** How many times a callee's return gave control back to this function (same kind of counter). */
    long resumes;

    WasmFunction(Instance instance, CompiledFunction code) {
        super(code.type);
        this.instance = instance;
        this.code = code;
    }

    public Instance instance() {
        return instance;
    }

    public CompiledFunction code() {
        return code;
    }

    /** Times entered so far (see the field's comment: a counter to take differences of, not state). */
    public long callCount() {
        return calls;
    }

    /** Returns into this function so far (see {@link #callCount()}). */
    public long resumeCount() {
        return resumes;
    }

    /** Index in the defining module's function index space. */
    public int index() {
        return code.index;
    }

    @Override
    public String displayName() {
        String n = instance.module().module().functionName(code.index);
        return n != null ? n : "func[" + code.index + "]";
    }
}
