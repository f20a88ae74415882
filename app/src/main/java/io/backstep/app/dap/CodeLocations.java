package io.backstep.app.dap;

import org.eclipse.lsp4j.debug.Source;

/**
 * Where code is as the client sees it: maps WebAssembly code addresses (byte offsets in the module) to
 * a source and line, and lines of a source back to code addresses for breakpoints.
 *
 * <p>This is the extension point for source-level debugging: today {@link WatLocations} shows the
 * module's WebAssembly text; a DWARF-backed implementation will map offsets to C/C++/Rust lines and
 * fall back to the WebAssembly text where there is no line information. Lines here are 0-based (the
 * session converts for clients that count from 1).
 */
interface CodeLocations {
    /** A line of a source. */
    record Location(Source source, int line) {
    }

    /** Where a breakpoint on a line lands: the first instruction of the line, and the line it really is on. */
    record LineTarget(int functionIndex, int wasmOffset, int line) {
    }

    /** Where the instruction at {@code wasmOffset} is shown (for a caller frame, the call before it). */
    Location locate(int wasmOffset);

    /** Whether breakpoints in {@code source} are for this mapping. */
    boolean owns(Source source);

    /**
     * Where a breakpoint on {@code line} of {@code source} stops; throws {@link DapException} saying why
     * the line can have none.
     */
    LineTarget resolveLine(Source source, int line);

    /** The text of source {@code reference}, or null if it is not one of this mapping's. */
    String content(int reference);
}
