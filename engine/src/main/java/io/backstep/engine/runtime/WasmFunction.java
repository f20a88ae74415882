package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledFunction;

/** A function defined by a module, bound to the instance whose memory, tables and globals it uses. */
public final class WasmFunction extends FunctionInstance {
    final Instance instance;
    final CompiledFunction code;

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
