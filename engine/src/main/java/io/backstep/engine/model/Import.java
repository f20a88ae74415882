package io.backstep.engine.model;

/**
 * One import. Exactly one of the descriptor fields is meaningful, chosen by {@code kind}:
 * {@code typeIndex} for functions, {@code table}, {@code memory} or {@code global} otherwise.
 */
public record Import(String module, String name, ExternKind kind, int typeIndex,
                     TableType table, MemoryType memory, GlobalType global) {
}
