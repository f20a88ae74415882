package io.backstep.engine.wasi;

/** Receives every WASI call as a {@link WasiEvent}, in call order, after the call has taken effect. */
@FunctionalInterface
public interface WasiEventListener {
    void onEvent(WasiEvent event);
}
