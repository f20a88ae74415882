package io.backstep.engine.model;

import java.util.Arrays;

/** A function signature. Immutable; equality is structural, as the spec's type matching requires. */
public final class FuncType {
    private final ValType[] params;
    private final ValType[] results;
    private final int paramSlots;
    private final int resultSlots;

    public FuncType(ValType[] params, ValType[] results) {
        this.params = params.clone();
        this.results = results.clone();
        this.paramSlots = ValType.slots(params);
        this.resultSlots = ValType.slots(results);
    }

    public static FuncType of(ValType[] params, ValType... results) {
        return new FuncType(params, results);
    }

    public ValType[] params() {
        return params.clone();
    }

    public ValType[] results() {
        return results.clone();
    }

    public int paramCount() {
        return params.length;
    }

    public int resultCount() {
        return results.length;
    }

    public ValType param(int i) {
        return params[i];
    }

    public ValType result(int i) {
        return results[i];
    }

    /** Value-stack slots taken by the parameters (a v128 takes two). */
    public int paramSlots() {
        return paramSlots;
    }

    /** Value-stack slots taken by the results. */
    public int resultSlots() {
        return resultSlots;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FuncType
                && Arrays.equals(params, ((FuncType) o).params)
                && Arrays.equals(results, ((FuncType) o).results);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(params) + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(func");
        if (params.length > 0) {
            b.append(" (param");
            for (ValType t : params) b.append(' ').append(t);
            b.append(')');
        }
        if (results.length > 0) {
            b.append(" (result");
            for (ValType t : results) b.append(' ').append(t);
            b.append(')');
        }
        return b.append(')').toString();
    }
}
