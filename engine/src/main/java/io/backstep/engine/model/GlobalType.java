package io.backstep.engine.model;

public record GlobalType(ValType type, boolean mutable) {
}
