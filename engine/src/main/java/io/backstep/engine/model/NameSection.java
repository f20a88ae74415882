package io.backstep.engine.model;

import java.util.Map;

/**
 * Names from the "name" custom section, kept for the debugger. Maps are keyed by index; a missing entry
 * means the producer gave no name. A malformed name section is ignored (the spec says custom sections
 * must not make a module invalid), leaving these maps empty.
 */
public record NameSection(String moduleName,
                          Map<Integer, String> functionNames,
                          Map<Integer, Map<Integer, String>> localNames,
                          Map<Integer, String> globalNames) {
    public static final NameSection EMPTY = new NameSection(null, Map.of(), Map.of(), Map.of());
}
