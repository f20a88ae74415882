package io.backstep.recorder.timeline;

/**
 * The instruction that last wrote some memory: it executed as step {@code step} (so the new value is
 * visible from state {@code step} on). {@code hostCall} is the WASI function name when the write was
 * done by the host on the guest's behalf (e.g. fd_read), else null.
 */
public record WriteInfo(long step, int functionIndex, String functionName, int wasmOffset, String hostCall) {
}
