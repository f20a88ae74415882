package io.backstep.app.dap;

import java.util.List;
import org.eclipse.lsp4j.debug.Variable;

/**
 * Something the client can expand into variables (a scope or a structured value), behind one
 * {@code variablesReference}. Source-level scopes and structured C values (from the DWARF model) plug
 * in as further implementations.
 */
interface VariableContainer {
    List<Variable> variables(VariableHandles handles);

    /** What a data breakpoint on the member {@code name} would watch, or null if it cannot be watched (and why, in the exception). */
    DataId dataId(String name);
}
