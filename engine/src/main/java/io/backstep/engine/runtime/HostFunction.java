package io.backstep.engine.runtime;

import io.backstep.engine.model.FuncType;

/** A function implemented in Java and imported by modules. */
public final class HostFunction extends FunctionInstance {
    private final String module;
    private final String name;
    final HostCallback callback;

    public HostFunction(String module, String name, FuncType type, HostCallback callback) {
        super(type);
        this.module = module;
        this.name = name;
        this.callback = callback;
    }

    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    public HostCallback callback() {
        return callback;
    }

    @Override
    public String displayName() {
        return module + "." + name;
    }
}
