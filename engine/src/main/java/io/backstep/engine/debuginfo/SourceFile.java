package io.backstep.engine.debuginfo;

/**
 * A file of a line table: its name, its directory as recorded (may be relative to the compilation
 * directory, or empty), and {@link #path()} joining them.
 */
public record SourceFile(String name, String directory) {
    /** The directory and name joined with '/', unless the name is absolute. */
    public String path() {
        if (name.startsWith("/") || directory == null || directory.isEmpty()) return name;
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /** True if {@code path} names this file: equal to its path, or a '/'-bounded suffix of it. */
    public boolean matches(String query) {
        String p = path();
        String q = query.startsWith("./") ? query.substring(2) : query;
        if (p.equals(query) || p.equals(q) || name.equals(query)) return true;
        return p.endsWith("/" + q);
    }
}
