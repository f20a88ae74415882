package io.backstep.engine.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns function addresses, so that a funcref is a plain number. Addresses are handed out in
 * registration order, which is deterministic for a given sequence of instantiations: that is what makes
 * a snapshot's funcrefs meaningful when restored into a fresh store built the same way.
 */
public final class Store {
    private final List<FunctionInstance> functions = new ArrayList<>();

    /** Registers {@code f} if it is not yet registered here; returns its address. */
    public int register(FunctionInstance f) {
        if (f.address < 0) {
            f.address = functions.size();
            functions.add(f);
        } else if (f.address >= functions.size() || functions.get(f.address) != f) {
            throw new IllegalStateException("function " + f.displayName() + " belongs to another store");
        }
        return f.address;
    }

    public FunctionInstance function(int address) {
        return functions.get(address);
    }

    /** The function a non-null funcref designates. */
    public FunctionInstance resolve(long funcRef) {
        return functions.get(Refs.functionAddress(funcRef));
    }

    public int functionCount() {
        return functions.size();
    }
}
