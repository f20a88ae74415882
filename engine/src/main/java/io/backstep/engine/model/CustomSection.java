package io.backstep.engine.model;

/** A custom section: its name and where its payload lies in the module bytes. */
public record CustomSection(String name, int payloadStart, int payloadEnd) {
}
