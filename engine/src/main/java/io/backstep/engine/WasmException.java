package io.backstep.engine;

/** Base of every error the engine reports on purpose. Anything else escaping the engine is a bug. */
public class WasmException extends RuntimeException {
    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A cause in words for a one-line error: its message, or what it is when it has none (many JDK
     * exceptions, such as a buffer overflow, carry no message; "null" is never an explanation).
     * File-system exceptions whose message is only a path say what happened to it.
     */
    public static String describe(Throwable t) {
        if (t == null) return "unknown error";
        String m = t.getMessage();
        String what = switch (t.getClass().getSimpleName()) {
            case "NoSuchFileException" -> "no such file or directory";
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "already exists";
            case "NotDirectoryException" -> "not a directory";
            case "DirectoryNotEmptyException" -> "directory not empty";
            case "FileSystemException" -> t instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : null;
            default -> null;
        };
        if (what != null) return m == null || m.isBlank() ? what : m + ": " + what;
        if (m != null && !m.isBlank()) return m;
        if (t.getCause() != null && t.getCause() != t) return describe(t.getCause());
        // No words at all: name the exception in words ("BufferOverflowException" -> "buffer overflow").
        String name = t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }
}
