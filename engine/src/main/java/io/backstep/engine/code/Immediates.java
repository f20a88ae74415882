package io.backstep.engine.code;

/**
 * The immediates that follow an instruction's opcode in the binary format, and how many ints they
 * become in the internal code when the instruction is lowered to itself (see {@link Op}).
 */
public enum Immediates {
    /** None. */
    NONE(0),
    /** A block type: 0x40, a value type, or an s33 type index ({@code if} becomes a jump: one target). */
    BLOCK_TYPE(1),
    /** A label depth (u32), lowered to a target pc. */
    LABEL(1),
    /** A vector of label depths and a default (br_table); lowered to a count and (target, keep, height) triples. */
    LABEL_TABLE(-1),
    /** A function index (u32). */
    FUNCTION(1),
    /** A type index and a table index (call_indirect), lowered to a canonical type id and the table. */
    TYPE_AND_TABLE(2),
    /** A vector of value types (typed select); the lowering drops them. */
    VALUE_TYPES(0),
    /** A local index, lowered to the local's slot. */
    LOCAL(1),
    /** A global index. */
    GLOBAL(1),
    /** A table index. */
    TABLE(1),
    /** Alignment (log2) and offset, both u32; lowered to the offset. */
    MEMARG(1),
    /** The memory index, a zero byte in Wasm 2.0. */
    MEMORY(0),
    /** An s32 constant. */
    I32(1),
    /** An s64 constant, lowered to its low and high 32 bits. */
    I64(2),
    /** Four bytes of an f32 constant. */
    F32(1),
    /** Eight bytes of an f64 constant, lowered to its low and high 32 bits. */
    F64(2),
    /** A reference type byte (ref.null); the lowering drops it. */
    REF_TYPE(0),
    /** A data segment index and the memory's zero byte (memory.init). */
    DATA_AND_MEMORY(1),
    /** A data segment index (data.drop). */
    DATA(1),
    /** Two zero bytes: destination and source memory (memory.copy). */
    MEMORY_PAIR(0),
    /** An element segment index and a table index (table.init). */
    ELEM_AND_TABLE(2),
    /** An element segment index (elem.drop). */
    ELEM(1),
    /** Destination and source table indices (table.copy). */
    TABLE_PAIR(2);

    private final int loweredInts;

    Immediates(int loweredInts) {
        this.loweredInts = loweredInts;
    }

    /** Ints after the opcode in the internal code, or -1 when the count depends on the instruction (br_table). */
    public int loweredInts() {
        return loweredInts;
    }
}
