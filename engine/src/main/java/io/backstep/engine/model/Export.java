package io.backstep.engine.model;

/** One export: {@code index} is in the index space of {@code kind} (imports first). */
public record Export(String name, ExternKind kind, int index) {
}
