package io.backstep.engine.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.ValType;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimdOpsTableTest {
    /** Sub-opcodes that Wasm 2.0 leaves unassigned inside 0x00..0xFF. */
    private static final int[] UNASSIGNED = {0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB,
        0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE};

    @Test
    void exactlyTheWasm2OpcodesAreDefined() {
        Set<Integer> unassigned = new HashSet<>();
        for (int u : UNASSIGNED) unassigned.add(u);
        Set<String> names = new HashSet<>();
        for (int op = 0; op < 256; op++) {
            SimdOp info = SimdOps.info(op);
            if (unassigned.contains(op)) {
                assertNull(info, "0x" + Integer.toHexString(op));
                continue;
            }
            assertNotNull(info, "0x" + Integer.toHexString(op));
            assertEquals(op, info.subop());
            assertTrue(names.add(info.name()), "duplicate name " + info.name());
        }
        assertEquals(236, names.size());
        assertEquals(236, SimdOps.OP_COUNT);
        assertNull(SimdOps.info(-1));
        assertNull(SimdOps.info(256));
        assertNull(SimdOps.info(0x100)); // relaxed SIMD is not part of Wasm 2.0
    }

    @Test
    void signaturesAndImmediates() {
        SimdOp replace = SimdOps.info(0x17);
        assertEquals("i8x16.replace_lane", replace.name());
        assertArrayEquals(new ValType[] {ValType.V128, ValType.I32}, replace.pops());
        assertArrayEquals(new ValType[] {ValType.V128}, replace.pushes());
        assertEquals(Imm.LANE, replace.imm());
        assertEquals(16, replace.laneCount());

        SimdOp store = SimdOps.info(0x0B);
        assertEquals("v128.store", store.name());
        assertArrayEquals(new ValType[] {ValType.I32, ValType.V128}, store.pops());
        assertEquals(0, store.pushes().length);
        assertEquals(-3, store.slotDelta());

        SimdOp storeLane = SimdOps.info(0x5B);
        assertEquals("v128.store64_lane", storeLane.name());
        assertEquals(Imm.MEMARG_LANE, storeLane.imm());
        assertEquals(2, storeLane.laneCount());
        assertEquals(3, storeLane.maxAlignLog2());

        assertArrayEquals(new ValType[] {ValType.I64}, SimdOps.info(0x12).pops()); // i64x2.splat
        assertArrayEquals(new ValType[] {ValType.F64}, SimdOps.info(0x21).pushes()); // f64x2.extract_lane
        assertArrayEquals(new ValType[] {ValType.V128, ValType.V128, ValType.V128}, SimdOps.info(0x52).pops()); // bitselect
        assertArrayEquals(new ValType[] {ValType.V128, ValType.I32}, SimdOps.info(0xCB).pops()); // i64x2.shl
        assertArrayEquals(new ValType[] {ValType.I32}, SimdOps.info(0xC4).pushes()); // i64x2.bitmask
        assertEquals(2, SimdOps.info(0x0C).slotDelta()); // v128.const
        assertEquals(1, SimdOps.info(0x00).slotDelta()); // v128.load: i32 -> v128
    }

    @Test
    void naturalAlignments() {
        int[][] expected = {
            {0x00, 4}, {0x01, 3}, {0x06, 3}, {0x07, 0}, {0x08, 1}, {0x09, 2}, {0x0A, 3}, {0x0B, 4},
            {0x54, 0}, {0x55, 1}, {0x56, 2}, {0x57, 3}, {0x58, 0}, {0x59, 1}, {0x5A, 2}, {0x5B, 3},
            {0x5C, 2}, {0x5D, 3},
        };
        for (int[] e : expected) {
            assertEquals(e[1], SimdOps.info(e[0]).maxAlignLog2(), SimdOps.info(e[0]).name());
        }
        for (int op = 0; op < 256; op++) {
            SimdOp info = SimdOps.info(op);
            if (info == null) continue;
            assertEquals(info.isMemoryAccess(), info.maxAlignLog2() >= 0, info.name());
            boolean hasLane = info.imm() == Imm.LANE || info.imm() == Imm.MEMARG_LANE;
            assertEquals(hasLane, info.laneCount() > 0, info.name());
            assertEquals(op == 0x0D, info.isShuffle(), info.name());
        }
    }

    @Test
    void laneCountsMatchTheShapeInTheName() {
        for (int op = 0; op < 256; op++) {
            SimdOp info = SimdOps.info(op);
            if (info == null || info.laneCount() == 0) continue;
            String n = info.name();
            int expected;
            if (n.startsWith("i8x16") || n.contains("load8_lane") || n.contains("store8_lane")) expected = 16;
            else if (n.startsWith("i16x8") || n.contains("16_lane")) expected = 8;
            else if (n.startsWith("i32x4") || n.startsWith("f32x4") || n.contains("32_lane")) expected = 4;
            else expected = 2;
            assertEquals(expected, info.laneCount(), n);
        }
    }

    /** HotSpot does not JIT-compile methods above 8000 bytes of bytecode; keep every method in the package below it. */
    @Test
    void everyMethodStaysBelowTheJitLimit() throws IOException {
        int largest = 0;
        for (String cls : new String[] {"SimdOps", "SimdLanes", "SimdOp"}) {
            for (Map.Entry<String, Integer> m : codeSizes(cls + ".class").entrySet()) {
                assertTrue(m.getValue() < 8000, cls + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
                largest = Math.max(largest, m.getValue());
            }
        }
        assertTrue(largest > 100, "class file parsing found no real methods");
    }

    /** Method name+descriptor -> code_length, read from the class file. */
    private static Map<String, Integer> codeSizes(String resource) throws IOException {
        Map<String, Integer> sizes = new HashMap<>();
        try (InputStream raw = SimdOps.class.getResourceAsStream(resource)) {
            assertNotNull(raw, resource);
            DataInputStream in = new DataInputStream(raw);
            assertEquals(0xCAFEBABE, in.readInt());
            in.readUnsignedShort();
            in.readUnsignedShort();
            int cpCount = in.readUnsignedShort();
            String[] utf8 = new String[cpCount];
            for (int i = 1; i < cpCount; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.skipBytes(4); break;
                    case 5: case 6: in.skipBytes(8); i++; break;
                    case 7: case 8: case 16: case 19: case 20: in.skipBytes(2); break;
                    case 15: in.skipBytes(3); break;
                    default: throw new IOException("constant pool tag " + tag);
                }
            }
            in.skipBytes(6);
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    String attr = utf8[in.readUnsignedShort()];
                    int len = in.readInt();
                    if (attr.equals("Code")) {
                        in.skipBytes(4);
                        int codeLength = in.readInt();
                        sizes.put(name, codeLength);
                        in.skipBytes(len - 8);
                    } else {
                        in.skipBytes(len);
                    }
                }
            }
        }
        assertFalse(sizes.isEmpty());
        return sizes;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
