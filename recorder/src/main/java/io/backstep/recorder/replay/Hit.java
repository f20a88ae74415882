package io.backstep.recorder.replay;

import io.backstep.recorder.timeline.Stop;

/**
 * Something a search found: the state to go to, why, and for writes which instruction or WASI call
 * ({@code wasiEvent}, else -1) wrote. A breakpoint is hit at the state where its instruction is next;
 * a write at the state right after the writing instruction or WASI call.
 */
record Hit(long step, Stop.Reason reason, int id, int functionIndex, String functionName, int wasmOffset, int wasiEvent) {
}
