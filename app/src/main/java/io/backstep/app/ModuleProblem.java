package io.backstep.app;

import io.backstep.engine.ModuleException;
import io.backstep.engine.decode.MalformedModuleException;
import io.backstep.engine.validate.InvalidModuleException;

/**
 * Why a module could not be loaded, in the user's words ("not a WebAssembly file", "the file is
 * truncated at byte N") with the decoder's own words kept as the detail: one wording for the window,
 * the command line and the debug adapter.
 */
public final class ModuleProblem {
    private ModuleProblem() {
    }

    /** What is wrong with a module of {@code size} bytes that failed with {@code e}, as a phrase (no capital, no full stop). */
    public static String summary(ModuleException e, long size) {
        if (size == 0) return "the file is empty";
        if (e instanceof MalformedModuleException) {
            return switch (e.reason()) {
                case "magic header not detected" -> "not a WebAssembly file: it does not start with the bytes \\0asm";
                case "unknown binary version" -> "not a WebAssembly module this debugger can read: its binary format version is not 1";
                // The decoder reports where the missing bytes were announced; the file ends at its size.
                case "unexpected end", "length out of bounds" ->
                    String.format("the file is truncated at byte %,d: the module needs more bytes than the file has", size);
                default -> "not a well-formed WebAssembly module";
            };
        }
        if (e instanceof InvalidModuleException) return "not a valid WebAssembly module: it fails validation";
        return "not a WebAssembly module this debugger can load";
    }

    /** The decoder's or validator's words: what it found and where. */
    public static String detail(ModuleException e) {
        String kind = e instanceof MalformedModuleException ? "malformed module" : e instanceof InvalidModuleException ? "invalid module" : "module";
        return kind + ": " + e.reason() + " at byte offset 0x" + Long.toHexString(e.offset());
    }

    /** One line for a terminal or an editor: the summary, then the detail in parentheses. */
    public static String oneLine(ModuleException e, long size) {
        return summary(e, size) + " (" + detail(e) + ")";
    }
}
