package io.backstep.app.ui;

import io.backstep.engine.ModuleException;
import io.backstep.engine.decode.MalformedModuleException;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.validate.InvalidModuleException;

/**
 * Why a module could not be opened, in the user's words first ("not a WebAssembly file", "the file
 * is truncated at byte N") and the decoder's own wording after, as the detail.
 */
final class LoadError {
    private LoadError() {
    }

    /** The text of the error dialog for {@code e}, raised opening a module of {@code size} bytes. */
    static String describe(Throwable e, long size) {
        String detail = Alerts.message(e);
        ModuleException m = moduleException(e);
        if (m == null) {
            if (linkException(e)) return "The module needs imports that Backstep does not provide.\n\nDetail: " + detail;
            return detail;
        }
        String summary;
        if (m instanceof MalformedModuleException) {
            summary = switch (m.reason()) {
                case "magic header not detected" -> "Not a WebAssembly file: it does not start with the bytes \\0asm.";
                case "unknown binary version" -> "Not a WebAssembly module this debugger can read: its binary format version is not 1.";
                // The decoder reports where the missing bytes were announced; the file ends at its size.
                case "unexpected end", "length out of bounds" ->
                    String.format("The file is truncated at byte %,d: the module needs more bytes than the file has.", size);
                default -> "Not a well-formed WebAssembly module.";
            };
        } else if (m instanceof InvalidModuleException) {
            summary = "Not a valid WebAssembly module: it fails validation.";
        } else {
            summary = "Not a WebAssembly module this debugger can load.";
        }
        return summary + "\n\nDetail: " + m.getMessage();
    }

    private static ModuleException moduleException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModuleException m) return m;
        }
        return null;
    }

    private static boolean linkException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinkException) return true;
        }
        return false;
    }
}
