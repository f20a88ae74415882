package io.backstep.recorder.recording;

/**
 * Which functions ran, journaled with every checkpoint so that searches for breakpoints and global
 * writes can skip the intervals in which the function concerned never ran, instead of replaying them.
 * Only three things make a function the one executing: it is on top at the start of the interval, a
 * call enters it, or a callee's return gives control back to it; this records all three.
 *
 * @param top     the function executing at the checkpoint (index), or -1 when no frame is left
 * @param called  the functions entered since the previous checkpoint, ascending
 * @param calls   how many times each of {@code called} was entered (same order)
 * @param resumed the functions a return went back to since the previous checkpoint, ascending
 */
public record FunctionActivity(int top, int[] called, long[] calls, int[] resumed) {
    public FunctionActivity {
        if (called.length != calls.length) throw new IllegalArgumentException("called and calls differ in length");
    }
}
