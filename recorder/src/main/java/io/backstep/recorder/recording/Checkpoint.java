package io.backstep.recorder.recording;

/**
 * Where a checkpoint is: the step it was taken at, its journal index, whether it is a full snapshot
 * (else incremental on top of the previous checkpoint), how many WASI events happened before it, the
 * state digest, the 4 KiB memory chunks written since the previous checkpoint, and which functions
 * ran ({@code activity}).
 */
public record Checkpoint(long step, long journalIndex, boolean full, int wasiIndex, long digest, int[] writtenChunks,
                         FunctionActivity activity) {
}
