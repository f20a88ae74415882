package io.backstep.engine.debuginfo;

/**
 * One row of a line table. {@code file} is the file index as the line program uses it (1-based in
 * DWARF 4, 0-based in DWARF 5); {@link LineTable#file(int)} resolves it. {@code line} 0 means the code
 * has no source line (compiler-generated).
 */
public record LineRow(long address, int file, int line, int column, boolean isStmt, boolean basicBlock,
                      boolean endSequence, boolean prologueEnd, boolean epilogueBegin, int isa, int discriminator) {
}
