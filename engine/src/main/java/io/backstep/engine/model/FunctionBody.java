package io.backstep.engine.model;

/**
 * The code of one defined function, as found in the code section. Locals are kept run-length encoded
 * ({@code localCounts[i]} locals of {@code localTypes[i]}) exactly as in the binary; the decoder has
 * already rejected a total above {@link #MAX_LOCALS}. The instructions are the bytes
 * {@code [codeStart, codeEnd)} of the module (offsets from the start of the module), ending with the
 * function's final {@code end} opcode.
 */
public record FunctionBody(int[] localCounts, ValType[] localTypes, int codeStart, int codeEnd) {
    /** Implementation limit on declared locals per function (the decoder reports "too many locals" above it). */
    public static final int MAX_LOCALS = 50_000;

    public int localCount() {
        int n = 0;
        for (int c : localCounts) n += c;
        return n;
    }
}
