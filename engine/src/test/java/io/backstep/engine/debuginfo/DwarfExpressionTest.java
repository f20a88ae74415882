package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The location expression evaluator on hand-made expressions, against a fake frame. */
class DwarfExpressionTest {
    /** Locals hold 100 + index, globals 200 + index, operand value i is 300 + i; memory byte a is (a & 0xFF) below 0x10000. */
    static final FrameAccess FRAME = new FrameAccess() {
        public long local(int index) { return 100 + index; }
        public long global(int index) { return 200 + index; }
        public long operand(int index) { return 300 + index; }
        public boolean readMemory(long address, byte[] dst) {
            if (address < 0 || address + dst.length > 0x10000) return false;
            for (int i = 0; i < dst.length; i++) dst[i] = (byte) (address + i);
            return true;
        }
    };

    static Location eval(int... ops) {
        byte[] b = new byte[ops.length];
        for (int i = 0; i < ops.length; i++) b[i] = (byte) ops[i];
        return DwarfExpression.evaluate(b, new DwarfExpression.Context() {
            public FrameAccess frame() { return FRAME; }
            public long frameBase() { return 0x1000; }
            public int addressSize() { return 4; }
            public long indexedAddress(long index) { return 0x500 + index * 4; }
        });
    }

    static long value(int... ops) {
        Location l = eval(ops);
        assertTrue(l instanceof Location.Value, l.toString());
        return ((Location.Value) l).value();
    }

    static final int SV = Dw.OP_stack_value;

    @Test
    void wasmLocations() {
        assertEquals(new Location.Local(5), eval(0xED, 0, 5));
        assertEquals(new Location.Global(7), eval(0xED, 1, 7));
        assertEquals(new Location.Operand(1), eval(0xED, 2, 1));
        assertEquals(new Location.Global(9), eval(0xED, 3, 9, 0, 0, 0));
        assertEquals(new Location.Local(200), eval(0xED, 0, 0xC8, 0x01));
        assertEquals(102, value(0xED, 0, 2, SV));
        assertEquals(208, value(0xED, 1, 8, SV));
        assertEquals(303, value(0xED, 2, 3, SV));
        assertEquals(110, value(0xED, 0, 2, Dw.OP_plus_uconst, 8, SV));
        // A pointer in a local, then the memory it points to.
        assertEquals(new Location.Memory(102 + 4), eval(0xED, 0, 2, Dw.OP_plus_uconst, 4));
        assertThrows(DebugInfoException.class, () -> eval(0xED, 4, 0));
        assertThrows(DebugInfoException.class, () -> eval(0xED, 3, 1, 0));
    }

    @Test
    void frameBaseAndAddresses() {
        assertEquals(new Location.Memory(0x1000 + 12), eval(Dw.OP_fbreg, 12));
        assertEquals(new Location.Memory(0x1000 - 16), eval(Dw.OP_fbreg, 0x70));
        assertEquals(new Location.Memory(0xe40), eval(Dw.OP_addr, 0x40, 0x0e, 0, 0));
        assertEquals(new Location.Memory(0x508), eval(Dw.OP_addrx, 2));
        // deref: bytes at 0x0400 are 00 01 02 03 -> 0x03020100.
        assertEquals(0x03020100L, value(Dw.OP_const2u, 0x00, 0x04, Dw.OP_deref, SV));
        assertEquals(0x0100L, value(Dw.OP_const2u, 0x00, 0x04, Dw.OP_deref_size, 2, SV));
        assertTrue(eval(Dw.OP_const4u, 0, 0, 0, 0x7f, Dw.OP_deref) instanceof Location.Unavailable);
    }

    @Test
    void arithmeticIsOnAddressSizedValues() {
        assertEquals(2, value(0x35, 0x33, Dw.OP_minus, SV));               // 5 - 3
        assertEquals(0xFFFFFFFEL, value(0x33, 0x35, Dw.OP_minus, SV));      // 3 - 5, 32-bit
        assertEquals(0xFFFFFFFFL, value(0x30, Dw.OP_not, SV));
        assertEquals(-1, value(Dw.OP_const1s, 0xFF, SV));
        assertEquals(0xFFFFFFFDL, value(0x33, Dw.OP_neg, SV));
        assertEquals(3, value(Dw.OP_const1s, 0xFD, Dw.OP_abs, SV));
        assertEquals(42, value(Dw.OP_constu, 6, 0x37, Dw.OP_mul, SV));
        assertEquals(0xFFFFFFFDL, value(Dw.OP_consts, 0x79, 0x32, Dw.OP_div, SV));   // -7 / 2 = -3
        assertEquals(1, value(0x37, 0x32, Dw.OP_mod, SV));
        assertEquals(0x28, value(0x35, 0x33, Dw.OP_shl, SV));
        assertEquals(0x7FFFFFFFL, value(Dw.OP_const1s, 0xFF, 0x31, Dw.OP_shr, SV));
        assertEquals(0xFFFFFFFFL, value(Dw.OP_const1s, 0xFF, 0x31, Dw.OP_shra, SV));
        assertEquals(6, value(0x3E, 0x37, Dw.OP_and, SV));
        assertEquals(0xF, value(0x38, 0x37, Dw.OP_or, SV));
        assertEquals(9, value(0x3E, 0x37, Dw.OP_xor, SV));
        assertEquals(1, value(Dw.OP_const1s, 0xFF, 0x30, Dw.OP_lt, SV));  // signed compare
        assertEquals(0, value(0x31, 0x32, Dw.OP_eq, SV));
        assertEquals(1, value(0x31, 0x32, Dw.OP_ne, SV));
        assertEquals(1, value(0x32, 0x32, Dw.OP_ge, SV));
        assertEquals(0, value(0x31, 0x32, Dw.OP_gt, SV));
        assertEquals(1, value(0x31, 0x32, Dw.OP_le, SV));
        assertThrows(DebugInfoException.class, () -> value(0x31, 0x30, Dw.OP_div, SV));
        assertThrows(DebugInfoException.class, () -> value(0x31, 0x30, Dw.OP_mod, SV));
    }

    @Test
    void stackOperationsAndBranches() {
        assertEquals(4, value(0x32, Dw.OP_dup, Dw.OP_plus, SV));
        assertEquals(1, value(0x31, 0x32, Dw.OP_drop, SV));
        assertEquals(1, value(0x31, 0x32, Dw.OP_over, SV));
        assertEquals(1, value(0x31, 0x32, 0x33, Dw.OP_pick, 2, SV));
        assertEquals(1, value(0x31, 0x32, Dw.OP_swap, SV));
        assertEquals(1, value(0x31, 0x32, 0x33, Dw.OP_rot, Dw.OP_drop, SV)); // 1 2 3 -> rot -> 3 1 2 -> drop -> 3 1
        assertEquals(7, value(0x31, Dw.OP_bra, 2, 0, 0x35, SV, 0x37, SV));   // taken: skip "lit5, stack_value"
        assertEquals(5, value(0x30, Dw.OP_bra, 2, 0, 0x35, SV));
        assertEquals(9, value(Dw.OP_skip, 1, 0, 0x35, 0x39, SV));
        assertThrows(DebugInfoException.class, () -> eval(Dw.OP_skip, 0xFD, 0xFF));        // skip -3: a loop
        assertThrows(DebugInfoException.class, () -> eval(Dw.OP_skip, 0x40, 0));           // out of the expression
        assertThrows(DebugInfoException.class, () -> eval(Dw.OP_plus));                      // underflow
        assertThrows(DebugInfoException.class, () -> eval(Dw.OP_constu));                    // truncated
        assertThrows(DebugInfoException.class, () -> eval(0x50));                            // DW_OP_reg0
        assertThrows(DebugInfoException.class, () -> eval(0xFF));                            // unknown
        assertEquals(new Location.Memory(101 + 1), eval(0xED, 0, 1, 0x31, Dw.OP_plus));   // a Wasm location followed by ops pushes its value
        assertThrows(DebugInfoException.class, () -> eval(Dw.OP_implicit_value, 1, 5, 0x31)); // op after a location
    }

    @Test
    void piecesImplicitValuesAndUnavailable() {
        Location c = eval(0xED, 0, 1, Dw.OP_piece, 4, 0xED, 0, 2, Dw.OP_piece, 4);
        assertEquals(new Location.Composite(List.of(new Location.Piece(new Location.Local(1), 4), new Location.Piece(new Location.Local(2), 4))), c);
        VariableValue v = DebugInfo.read(c, 8, FRAME);
        assertTrue(v.available());
        assertEquals((102L << 32) | 101L, v.asLong());
        Location partial = eval(Dw.OP_piece, 4, 0xED, 0, 2, Dw.OP_piece, 4);
        VariableValue pv = DebugInfo.read(partial, 8, FRAME);
        assertEquals(VariableValue.Status.OPTIMIZED_OUT, pv.status());
        Location iv = eval(Dw.OP_implicit_value, 2, 0x34, 0x12);
        assertArrayEquals(new byte[]{0x34, 0x12}, ((Location.Bytes) iv).bytes());
        assertEquals(0x1234, DebugInfo.read(iv, 2, FRAME).asLong());
        assertEquals(new Location.OptimizedOut(), eval());
        assertTrue(eval(Dw.OP_entry_value, 3, 0xED, 0, 0, SV) instanceof Location.Unavailable);
        assertTrue(eval(Dw.OP_const4u, 0x44, 0x0F, 0, 0, Dw.OP_GNU_push_tls_address) instanceof Location.Unavailable);
        assertEquals(VariableValue.Status.UNAVAILABLE, DebugInfo.read(new Location.Memory(0xFFFFFFF0L), 4, FRAME).status());
        VariableValue signed = DebugInfo.read(new Location.Value(-2), 2, FRAME);
        assertEquals(-2, signed.asSigned());
        assertEquals(0xFFFE, signed.asLong());
    }

    @Test
    void disassemblyIsDwarfdumps() {
        assertEquals("DW_OP_WASM_location 0x0 0x2, DW_OP_stack_value", DwarfExpression.toString(new byte[]{(byte) 0xED, 0, 2, (byte) SV}));
        assertEquals("DW_OP_WASM_location 0x3 0x0, DW_OP_stack_value", DwarfExpression.toString(new byte[]{(byte) 0xED, 3, 0, 0, 0, 0, (byte) SV}));
        assertEquals("DW_OP_fbreg +12", DwarfExpression.toString(new byte[]{(byte) Dw.OP_fbreg, 12}));
        assertEquals("DW_OP_fbreg -16", DwarfExpression.toString(new byte[]{(byte) Dw.OP_fbreg, 0x70}));
        assertEquals("DW_OP_consts +0, DW_OP_stack_value", DwarfExpression.toString(new byte[]{(byte) Dw.OP_consts, 0, (byte) SV}));
    }
}
