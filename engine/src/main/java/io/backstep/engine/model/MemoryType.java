package io.backstep.engine.model;

public record MemoryType(Limits limits) {
    /** Wasm 2.0 caps memories at 65536 pages (4 GiB). */
    public static final long MAX_PAGES = 65536;
}
