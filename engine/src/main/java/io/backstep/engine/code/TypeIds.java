package io.backstep.engine.code;

import io.backstep.engine.model.FuncType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical small-integer ids for function types, so that call_indirect's signature check is one
 * int comparison instead of comparing parameter arrays. Ids are process-local: they never appear in
 * snapshots.
 */
public final class TypeIds {
    private static final ConcurrentHashMap<FuncType, Integer> IDS = new ConcurrentHashMap<>();

    private TypeIds() {
    }

    public static int of(FuncType type) {
        return IDS.computeIfAbsent(type, t -> IDS.size());
    }
}
