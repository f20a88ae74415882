package io.backstep.app.dap;

import java.util.List;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.Variable;

/**
 * Something the client can expand into variables (a scope or a structured value), behind one
 * {@code variablesReference}: the WebAssembly-level scopes ({@link WasmScopes}) and the C scopes and
 * values ({@link CVariables}).
 */
interface VariableContainer {
    List<Variable> variables(VariableHandles handles);

    /** What a data breakpoint on the member {@code name} would watch, or null if it cannot be watched (and why, in the exception). */
    DataId dataId(String name);

    /** A scope of {@code count} named variables behind handle {@code ref}, as the C and WebAssembly scopes both make them. */
    static Scope scope(String name, String hint, int count, int ref) {
        Scope s = new Scope();
        s.setName(name);
        s.setPresentationHint(hint);
        s.setNamedVariables(count);
        s.setVariablesReference(ref);
        s.setExpensive(false);
        return s;
    }
}
