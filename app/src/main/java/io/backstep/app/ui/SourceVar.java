package io.backstep.app.ui;

import java.util.List;

/**
 * One row of a source-level variables tree as read at a stop: immutable, so the FX thread can show it
 * while the timeline moves on. {@code path} names the row across stops (for expansion and the
 * "changed" highlight); {@code children} is null until the row is expanded and read.
 *
 * @param address where the value lives in linear memory, or -1 (a Wasm local, optimized out, a group)
 * @param length  its size in bytes (0 when unknown)
 */
public record SourceVar(String path, String name, String type, String text, boolean hasChildren, List<SourceVar> children,
                        long address, int length) {
    /** Whether the value has bytes in linear memory that a watchpoint or "who wrote this?" can use. */
    public boolean inMemory() {
        return address >= 0 && length > 0;
    }

    /** This row with its children read. */
    public SourceVar withChildren(List<SourceVar> kids) {
        return new SourceVar(path, name, type, text, hasChildren, List.copyOf(kids), address, length);
    }
}
