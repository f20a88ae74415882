package io.backstep.app.dap;

import io.backstep.engine.source.SourceFrame;
import io.backstep.recorder.state.MachineState;
import java.util.List;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.StackFramePresentationHint;

/**
 * Where code is as the client sees it: the frames of a stop with the source and line each shows, the
 * code addresses a line breakpoint stops at, and the text of the sources the adapter serves itself
 * (by {@code sourceReference}). {@link WatLocations} shows the module's WebAssembly text;
 * {@link SourceLocations} shows C/C++/Rust lines from DWARF and falls back to the WebAssembly text
 * where there is no line information. Lines here are 0-based (the session converts for clients that
 * count from 1).
 */
interface CodeLocations {
    /** A place in a source: a 0-based line and a 1-based column (0 when unknown). */
    record Location(Source source, int line, int column) {
    }

    /**
     * One frame of a stop as the client lists it. {@code wasmDepth} is the WebAssembly frame it belongs
     * to (0 = outermost, as {@link io.backstep.recorder.state.FrameInfo#depth()}), {@code wasmOffset}
     * the instruction it shows (for a caller, its call), {@code sourceFrame} its source-level frame
     * (null without debug info), {@code presentationHint} the DAP hint (SUBTLE for a frame without
     * source among frames with, null when all are alike).
     */
    record Frame(String name, Location where, int wasmDepth, int wasmOffset, SourceFrame sourceFrame,
                 StackFramePresentationHint presentationHint) {
    }

    /** An instruction a breakpoint stops at. */
    record Instruction(int functionIndex, int wasmOffset) {
    }

    /**
     * Where a breakpoint on a line stops: one instruction per function (or inlined copy) with code for
     * the line, the line it really is on, and a note for the client when that line is another one.
     */
    record LineTarget(List<Instruction> instructions, int line, String message) {
    }

    /** A source the adapter serves: its text and MIME type. */
    record Content(String text, String mimeType) {
    }

    /** The frames of a stop, innermost first. */
    List<Frame> frames(MachineState state);

    /**
     * Where a breakpoint on {@code line} of {@code source} stops; throws {@link DapException} (or the
     * engine's source exception) saying why the line can have none.
     */
    LineTarget resolveLine(Source source, int line);

    /** The defined function the source calls {@code name} ({@code main} for {@code __original_main}), or -1. */
    int functionNamed(String name);

    /**
     * Module byte offset where a breakpoint on function {@code functionIndex} stops: after its prologue
     * at the source level (as gdb's {@code break FUNCTION}), or -1 for its first instruction.
     */
    int functionEntry(int functionIndex);

    /** The text of source {@code reference}, or null if it is not one of this mapping's. */
    Content content(int reference);
}
