package io.backstep.app.dap;

import io.backstep.engine.text.WatText;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import java.util.ArrayList;
import java.util.List;
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
    private final String noSourceLines;

    /** {@code noSourceLines} says why breakpoints in other sources (C files) cannot be placed. */
    WatLocations(WatText wat, String moduleName, String noSourceLines) {
        this.wat = wat;
        this.name = (moduleName.endsWith(".wasm") ? moduleName.substring(0, moduleName.length() - 5) : moduleName) + ".wat";
        this.noSourceLines = noSourceLines;
    }

    Source source() {
        Source s = new Source();
        s.setName(name);
        s.setSourceReference(REFERENCE);
        s.setAdapterData("wat");
        return s;
    }

    /** The WebAssembly text line of the instruction at {@code wasmOffset}. */
    Location locate(int wasmOffset) {
        return new Location(source(), Math.max(0, wat.lineAtOrBefore(wasmOffset)), 0);
    }

    /** The instruction before the one at {@code wasmOffset} in the same function, or -1. */
    int instructionBefore(int wasmOffset) {
        int line = wat.lineOfOffset(wasmOffset);
        if (line < 0) return -1;
        for (int l = line - 1; l >= 0 && wat.functionAt(l) == wat.functionAt(line); l--) {
            if (wat.offsetAt(l) >= 0) return wat.offsetAt(l);
        }
        return -1;
    }

    @Override
    public List<Frame> frames(MachineState state) {
        List<FrameInfo> frames = state.frames();
        List<Frame> out = new ArrayList<>(frames.size());
        for (int depth = frames.size() - 1; depth >= 0; depth--) {
            FrameInfo f = frames.get(depth);
            // A caller's offset is the instruction after its call: show the call.
            int offset = depth == frames.size() - 1 ? f.wasmOffset() : Math.max(0, wat.offsetAt(wat.lineAtOrBefore(f.wasmOffset() - 1)));
            out.add(new Frame(f.functionName(), locate(offset), depth, offset, null, null));
        }
        return out;
    }

    /** Whether {@code source} is this module's WebAssembly text. */
    boolean owns(Source source) {
        if (source == null) return false;
        if (source.getSourceReference() != null && source.getSourceReference() == REFERENCE) return true;
        return name.equals(source.getName()) && source.getPath() == null;
    }

    @Override
    public LineTarget resolveLine(Source source, int line) {
        if (!owns(source)) throw new DapException(noSourceLines);
        if (line < 0 || line >= wat.lineCount()) {
            throw new DapException("line " + (line + 1) + " is outside " + name + " (" + wat.lineCount() + " lines)");
        }
        int function = wat.functionAt(line);
        if (function < 0) throw new DapException("line " + (line + 1) + " of " + name + " is not inside a function");
        // A function's header or a block's 'end' holds no instruction: the breakpoint goes to the next one.
        for (int l = line; l < wat.lineCount() && wat.functionAt(l) == function; l++) {
            if (wat.offsetAt(l) >= 0) return new LineTarget(List.of(new Instruction(function, wat.offsetAt(l))), l, null);
        }
        throw new DapException("line " + (line + 1) + " of " + name + " has no instruction at or after it in its function");
    }

    @Override
    public int functionNamed(String name) {
        return -1; // the text names functions as the name section does, which the breakpoint table knows
    }

    @Override
    public int functionEntry(int functionIndex) {
        return -1; // the function's first instruction
    }

    @Override
    public Content content(int reference) {
        return reference == REFERENCE ? new Content(wat.text(), "text/x-wasm") : null;
    }
}
