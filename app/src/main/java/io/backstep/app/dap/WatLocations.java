package io.backstep.app.dap;

import io.backstep.engine.text.WatText;
import org.eclipse.lsp4j.debug.Source;

/**
 * The module's WebAssembly text as one source (served by {@code sourceReference}, one line per
 * instruction), so every instruction has a line to show and to put a breakpoint on.
 */
final class WatLocations implements CodeLocations {
    /** The one source reference this mapping serves. */
    static final int REFERENCE = 1;

    private final WatText wat;
    private final String name;

    WatLocations(WatText wat, String moduleName) {
        this.wat = wat;
        this.name = (moduleName.endsWith(".wasm") ? moduleName.substring(0, moduleName.length() - 5) : moduleName) + ".wat";
    }

    Source source() {
        Source s = new Source();
        s.setName(name);
        s.setSourceReference(REFERENCE);
        s.setAdapterData("wat");
        return s;
    }

    @Override
    public Location locate(int wasmOffset) {
        return new Location(source(), Math.max(0, wat.lineAtOrBefore(wasmOffset)));
    }

    @Override
    public boolean owns(Source source) {
        if (source == null) return false;
        if (source.getSourceReference() != null && source.getSourceReference() == REFERENCE) return true;
        return name.equals(source.getName()) && source.getPath() == null;
    }

    @Override
    public LineTarget resolveLine(Source source, int line) {
        if (line < 0 || line >= wat.lineCount()) {
            throw new DapException("line " + (line + 1) + " is outside " + name + " (" + wat.lineCount() + " lines)");
        }
        int function = wat.functionAt(line);
        if (function < 0) throw new DapException("line " + (line + 1) + " of " + name + " is not inside a function");
        // A function's header or a block's 'end' holds no instruction: the breakpoint goes to the next one.
        for (int l = line; l < wat.lineCount() && wat.functionAt(l) == function; l++) {
            if (wat.offsetAt(l) >= 0) return new LineTarget(function, wat.offsetAt(l), l);
        }
        throw new DapException("line " + (line + 1) + " of " + name + " has no instruction at or after it in its function");
    }

    @Override
    public String content(int reference) {
        return reference == REFERENCE ? wat.text() : null;
    }
}
