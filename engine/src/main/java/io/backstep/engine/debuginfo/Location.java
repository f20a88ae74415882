package io.backstep.engine.debuginfo;

import java.util.List;

/** Where a variable's value lives at one point of the program, as a location expression evaluates. */
public sealed interface Location {
    /** In linear memory at {@code address}. */
    record Memory(long address) implements Location { }

    /** In Wasm local {@code index} of the frame (DW_OP_WASM_location 0). */
    record Local(int index) implements Location { }

    /** In Wasm global {@code index} (DW_OP_WASM_location 1 or 3). */
    record Global(int index) implements Location { }

    /** On the frame's operand stack, value {@code index} from the bottom (DW_OP_WASM_location 2). */
    record Operand(int index) implements Location { }

    /** Not stored anywhere: the value itself (DW_OP_stack_value). */
    record Value(long value) implements Location { }

    /** Not stored anywhere: these bytes (DW_OP_implicit_value, or DW_AT_const_value). */
    record Bytes(byte[] bytes) implements Location { }

    /** Parts in different places (DW_OP_piece): each piece's size in bytes, in order. */
    record Composite(List<Piece> pieces) implements Location { }

    record Piece(Location location, int size) { }

    /** No location here: optimized out (an empty expression, or a piece without a location). */
    record OptimizedOut() implements Location { }

    /**
     * The expression is well formed but its value cannot be known from this frame (for example
     * DW_OP_entry_value, which needs the caller's state at the call).
     */
    record Unavailable(String reason) implements Location { }
}
