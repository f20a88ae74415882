package io.backstep.engine.runtime;

import io.backstep.engine.model.Limits;
import io.backstep.engine.model.TableType;
import io.backstep.engine.model.ValType;
import java.util.Arrays;

/** A table of references (see {@link Refs} for the encoding). */
public final class Table {
    /** Implementation limit on table size; growing past it fails (returns -1) as the spec allows. */
    public static final int MAX_ELEMENTS = 10_000_000;

    private final ValType elemType;
    private final long declaredMax;
    long[] elements;

    public Table(TableType type) {
        this.elemType = type.elemType();
        this.declaredMax = type.limits().max();
        if (type.limits().min() > MAX_ELEMENTS) {
            throw new LinkException("table size " + type.limits().min() + " exceeds the implementation limit of " + MAX_ELEMENTS);
        }
        this.elements = new long[(int) type.limits().min()];
    }

    public ValType elemType() {
        return elemType;
    }

    public int size() {
        return elements.length;
    }

    /** Current type with the current size as minimum (what import matching compares against). */
    public TableType currentType() {
        return new TableType(elemType, new Limits(elements.length, declaredMax));
    }

    public long get(int index) {
        if (index < 0 || index >= elements.length) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
        return elements[index];
    }

    public void set(int index, long ref) {
        if (index < 0 || index >= elements.length) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
        elements[index] = ref;
    }

    /** Grows by {@code delta} elements set to {@code init}; returns the old size, or -1 if it cannot grow. */
    public int grow(long delta, long init) {
        int old = elements.length;
        long size = old + delta;
        long limit = declaredMax >= 0 ? Math.min(declaredMax, MAX_ELEMENTS) : MAX_ELEMENTS;
        if (delta < 0 || size > limit) return -1;
        elements = Arrays.copyOf(elements, (int) size);
        Arrays.fill(elements, old, (int) size, init);
        return old;
    }

    /** A copy of the contents (snapshot support). */
    public long[] elementsCopy() {
        return elements.clone();
    }

    /** Replaces the contents (snapshot restore). */
    public void restore(long[] contents) {
        if (contents.length > MAX_ELEMENTS || (declaredMax >= 0 && contents.length > declaredMax)) {
            throw new IllegalArgumentException("bad table image of " + contents.length + " elements");
        }
        elements = contents.clone();
    }
}
