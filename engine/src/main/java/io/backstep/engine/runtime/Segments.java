package io.backstep.engine.runtime;

import io.backstep.engine.model.ConstExpr;

/** table.init and memory.init, shared by instantiation (active segments) and the interpreter. Arguments are unsigned 32-bit values held in longs. */
final class Segments {
    private Segments() {
    }

    static void tableInit(Instance inst, int tableIndex, int segment, long dst, long src, long n) {
        Table table = inst.tables[tableIndex];
        ConstExpr[] items = inst.module.module().elements()[segment].items();
        long segLength = inst.droppedElements[segment] ? 0 : items.length;
        if (src + n > segLength || dst + n > table.size()) {
            throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
        }
        for (int k = 0; k < n; k++) {
            table.elements[(int) dst + k] = Linker.evaluate(items[(int) src + k], inst)[0];
        }
    }

    static void memoryInit(Instance inst, int segment, long dst, long src, long n) {
        Memory memory = inst.memories[0];
        byte[] bytes = inst.module.module().data()[segment].bytes();
        long segLength = inst.droppedData[segment] ? 0 : bytes.length;
        if (src + n > segLength || dst + n > memory.byteSize()) {
            throw new TrapException(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
        }
        memory.write(dst, bytes, (int) src, (int) n);
    }
}
