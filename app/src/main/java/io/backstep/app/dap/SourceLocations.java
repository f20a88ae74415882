package io.backstep.app.dap;

import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;
import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.ModuleDescription;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.StackFramePresentationHint;

/**
 * Code shown as the program's own sources, from its DWARF: frames (inlined calls as frames of their
 * own) at their file, line and column; breakpoints on source lines placed as the source model places
 * them (each function and inlined copy with code for the line, a line without code moved to the next
 * one that has some). Where there is no line information, or the file is not found, frames show the
 * WebAssembly text as {@link WatLocations} does, and its breakpoints go there too.
 */
final class SourceLocations implements CodeLocations {
    /** Instructions looked back over for {@link #lineBefore}. */
    private static final int LOOK_BACK = 64;

    private final SourceModel model;
    private final SourceFiles files;
    private final WatLocations wat;
    private final ModuleDescription code;

    SourceLocations(SourceModel model, SourceFiles files, WatLocations wat, ModuleDescription code) {
        this.model = model;
        this.files = files;
        this.wat = wat;
        this.code = code;
    }

    @Override
    public List<Frame> frames(MachineState state) {
        List<Frame> wasm = wat.frames(state);
        List<SourceFrame> source = model.frames(SourceState.codeFrames(state));
        List<Frame> out = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            SourceFrame f = source.get(i);
            Frame w = wasm.get(f.wasmFrame());
            // Only a missing file the program stopped in is worth a notice (not the start-up code's, each time).
            Location at = locate(f.position(), i == 0);
            if (at == null && i == 0 && f.scope() != null) at = locate(lineBefore(f.wasmOffset()), true);
            String name = f.inlined() ? f.function() + " (inlined)" : f.function();
            // Frames without source (libc, start-up code) step aside, as the editor greys them.
            out.add(new Frame(name, at != null ? at : w.where(), w.wasmDepth(), w.wasmOffset(), f.scope() != null ? f : null,
                    at != null ? StackFramePresentationHint.NORMAL : StackFramePresentationHint.SUBTLE));
        }
        return out;
    }

    /**
     * For an instruction on line 0 (code the compiler made, such as what follows a call after a step
     * out): the line of the nearest instruction before it in its function, as a caller shows the line
     * of its call. Null when there is none close by.
     */
    private SourcePosition lineBefore(int wasmOffset) {
        int at = wasmOffset;
        for (int n = 0; n < LOOK_BACK; n++) {
            at = wat.instructionBefore(at);
            if (at < 0) return null;
            SourcePosition p = model.position(at);
            if (p != null) return p;
        }
        return null;
    }

    /** The client's place for a source position, or null when there is none or its file is not found. */
    private Location locate(SourcePosition p, boolean sayIfMissing) {
        if (p == null || p.line() <= 0) return null;
        Source s = files.sourceOf(p.file(), sayIfMissing);
        return s == null ? null : new Location(s, p.line() - 1, Math.max(0, p.column()));
    }

    @Override
    public LineTarget resolveLine(Source source, int line) {
        if (wat.owns(source)) return wat.resolveLine(source, line);
        String file = files.dwarfPathOf(source);
        if (line < 0) throw new DapException("line " + (line + 1) + " is before the start of " + file);
        int lines = files.lineCount(source);
        if (lines >= 0 && line >= lines) throw new DapException("line " + (line + 1) + " is past the end of " + file + " (" + lines + " lines)");
        LineBreakpoint b = code.lineBreakpoint(model, file, line + 1);
        List<Instruction> at = b.positions().stream().map(p -> new Instruction(p.functionIndex(), p.wasmOffset())).toList();
        String message = b.moved() ? "line " + b.requestedLine() + " has no code: the breakpoint is on line " + b.line() + ", the next line with code" : null;
        return new LineTarget(at, b.line() - 1, message);
    }

    @Override
    public int functionNamed(String name) {
        return code.sourceFunction(model, name);
    }

    @Override
    public int functionEntry(int functionIndex) {
        return code.sourceEntryOffset(model, functionIndex);
    }

    @Override
    public Content content(int reference) {
        Content c = wat.content(reference);
        if (c != null) return c;
        String text = files.content(reference);
        return text == null ? null : new Content(text, "text/plain");
    }
}
