package io.backstep.engine.text;

import java.util.Arrays;

/**
 * A module disassembled to WAT text, one line per instruction, with the byte offset (in the module) of
 * the instruction on every instruction line so a debugger can map offsets to lines and back.
 */
public final class WatText {
    private final String[] lines;
    private final int[] lineOffsets;   // byte offset of the instruction on each line, or -1
    private final int[] lineFunctions; // function index each line belongs to, or -1
    private final int[] sortedOffsets; // instruction offsets, ascending
    private final int[] sortedLines;   // line of sortedOffsets[i]
    private final int[] functionLines; // header line of each function index, or -1 (imports)

    WatText(String[] lines, int[] lineOffsets, int[] lineFunctions, int[] functionLines) {
        this.lines = lines;
        this.lineOffsets = lineOffsets;
        this.lineFunctions = lineFunctions;
        this.functionLines = functionLines;
        int n = 0;
        for (int o : lineOffsets) if (o >= 0) n++;
        long[] pairs = new long[n];
        int k = 0;
        for (int i = 0; i < lineOffsets.length; i++) {
            if (lineOffsets[i] >= 0) pairs[k++] = ((long) lineOffsets[i] << 32) | i;
        }
        // Code is printed in section order, so this is normally already sorted; sort anyway to be safe.
        Arrays.sort(pairs);
        sortedOffsets = new int[n];
        sortedLines = new int[n];
        for (int i = 0; i < n; i++) {
            sortedOffsets[i] = (int) (pairs[i] >>> 32);
            sortedLines[i] = (int) pairs[i];
        }
    }

    public int lineCount() {
        return lines.length;
    }

    public String line(int line) {
        return lines[line];
    }

    /** The whole text, lines joined by '\n'. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Byte offset of the instruction printed on {@code line}, or -1 if the line holds no instruction. */
    public int offsetAt(int line) {
        return line >= 0 && line < lineOffsets.length ? lineOffsets[line] : -1;
    }

    /** The function index {@code line} belongs to, or -1 outside functions. */
    public int functionAt(int line) {
        return line >= 0 && line < lineFunctions.length ? lineFunctions[line] : -1;
    }

    /** The line of the instruction at exactly {@code offset}, or -1. */
    public int lineOfOffset(int offset) {
        int i = Arrays.binarySearch(sortedOffsets, offset);
        return i >= 0 ? sortedLines[i] : -1;
    }

    /** The line of the instruction at or just before {@code offset}, or -1 if there is none. */
    public int lineAtOrBefore(int offset) {
        int i = Arrays.binarySearch(sortedOffsets, offset);
        if (i < 0) i = -i - 2;
        return i >= 0 ? sortedLines[i] : -1;
    }

    /** The {@code (func ...)} header line of a defined function, or -1 (imports and bad indices). */
    public int lineOfFunction(int functionIndex) {
        return functionIndex >= 0 && functionIndex < functionLines.length ? functionLines[functionIndex] : -1;
    }

    /** Offsets of all printed instructions, ascending (a copy). */
    public int[] instructionOffsets() {
        return sortedOffsets.clone();
    }
}
