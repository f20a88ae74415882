package io.backstep.engine.model;

public record TableType(ValType elemType, Limits limits) {
}
