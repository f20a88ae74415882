package io.backstep.engine.model;

/** What an import or export refers to. */
public enum ExternKind {
    FUNCTION, TABLE, MEMORY, GLOBAL
}
