package io.backstep.engine.runtime;

import io.backstep.engine.code.TypeIds;
import io.backstep.engine.model.FuncType;

/** A callable function: Wasm code of some instance, or a host function. Belongs to at most one {@link Store}. */
public abstract sealed class FunctionInstance permits WasmFunction, HostFunction {
    private final FuncType type;
    /** Canonical id of {@link #type()} for call_indirect's signature check. */
    final int typeId;
    /** Address in the owning store; -1 until registered. Funcrefs encode it (see {@link Refs}). */
    int address = -1;

    FunctionInstance(FuncType type) {
        this.type = type;
        this.typeId = TypeIds.of(type);
    }

    public FuncType type() {
        return type;
    }

    public int address() {
        return address;
    }

    /** A readable name for call stacks and messages. */
    public abstract String displayName();
}
