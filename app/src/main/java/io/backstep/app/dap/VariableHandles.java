package io.backstep.app.dap;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code variablesReference} numbers of the current stop. DAP says they are valid only while the
 * program stays stopped, so they are all forgotten when the program moves.
 */
final class VariableHandles {
    private final Map<Integer, VariableContainer> containers = new HashMap<>();
    private int next = 1;

    int add(VariableContainer c) {
        int ref = next++;
        containers.put(ref, c);
        return ref;
    }

    VariableContainer get(int reference) {
        VariableContainer c = containers.get(reference);
        if (c == null) throw new DapException("variablesReference " + reference + " is not valid at this stop (it belongs to an earlier one)");
        return c;
    }

    void reset() {
        containers.clear();
    }
}
