package io.backstep.app.dap;

import io.backstep.engine.source.CType;
import io.backstep.engine.source.CValue;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.ValueNode;
import io.backstep.recorder.source.SourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.Variable;

/**
 * The source-level scopes of a frame ("Locals" with the variables of its blocks, "Globals" with those
 * of its compilation unit) and C values as DAP variables: a row shows the value as C does, with its
 * type; structs, unions, arrays and pointers expand through a {@code variablesReference}; a value with
 * an address in linear memory carries it as {@code memoryReference} and can be watched; every row has
 * the C expression that names it ({@code evaluateName}), so watches and data breakpoints can be made
 * from it.
 */
final class CVariables {
    /** An expression that needs no parentheses before {@code .}, {@code [i]} or after {@code *}. */
    private static final Pattern POSTFIX = Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*|->[A-Za-z_]\\w*|\\[\\d+])*");

    private CVariables() {
    }

    static List<Scope> scopes(SourceState state, SourceFrame frame, VariableHandles handles) {
        List<ValueNode> locals = state.variables(frame);
        List<ValueNode> globals = state.globals(frame);
        return List.of(VariableContainer.scope("Locals", "locals", locals.size(), handles.add(new Rows(locals, null, null))),
                VariableContainer.scope("Globals", null, globals.size(), handles.add(new Rows(globals, null, null))));
    }

    /** A value as a variable named {@code evaluateName} (null when no C expression names it). */
    static Variable variable(ValueNode node, String evaluateName, VariableHandles handles) {
        Variable v = new Variable();
        v.setName(node.name());
        v.setValue(node.text());
        v.setType(node.type());
        v.setEvaluateName(evaluateName);
        v.setVariablesReference(node.hasChildren() ? handles.add(new Rows(node.children(), node.value().type(), evaluateName)) : 0);
        if (node.value().inMemory()) v.setMemoryReference(Addresses.format(node.value().address()));
        return v;
    }

    /** The C expression for a child row of a value named {@code parent} of type {@code type}, or null. */
    static String childName(String parent, CType type, String child) {
        if (parent == null || type == null) return child;
        String p = POSTFIX.matcher(parent).matches() ? parent : "(" + parent + ")";
        return switch (type.kind()) {
            case STRUCT, UNION -> child.equals("(anonymous)") ? null : p + "." + child;
            case ARRAY -> child.matches("\\[\\d+]") ? p + child : null;
            case POINTER -> "*" + p;
            default -> null;
        };
    }

    /** Rows of a scope ({@code type} null) or the children of a value of {@code type} named {@code name}. */
    private record Rows(List<ValueNode> nodes, CType type, String name) implements VariableContainer {
        @Override
        public List<Variable> variables(VariableHandles handles) {
            List<Variable> out = new ArrayList<>(nodes.size());
            for (ValueNode n : nodes) out.add(variable(n, childName(name, type, n.name()), handles));
            return out;
        }

        @Override
        public DataId dataId(String row) {
            for (ValueNode n : nodes) {
                if (!n.name().equals(row)) continue;
                String expression = childName(name, type, row);
                return lvalue(expression != null ? expression : row, n.value());
            }
            throw new DapException("no variable '" + row + "' here");
        }
    }

    /** What a data breakpoint on the value of C expression {@code expression} watches. */
    static DataId lvalue(String expression, CValue v) {
        if (!v.inMemory()) {
            throw new DapException(expression + " is not in linear memory"
                    + (v.storage() != null ? " (it lives in " + v.storage() + ")" : v.missing() != null ? " (" + v.missing() + ")" : "")
                    + ": only memory can be watched");
        }
        long size = v.type().size();
        if (size <= 0 || size > (1 << 20)) throw new DapException(expression + " has no size to watch (" + v.type().name() + ")");
        return DataId.memory(v.address(), (int) size, expression);
    }
}
