package io.backstep.engine.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Value parsing, slot encoding, NaN classes and formatting of the conformance harness. */
class SpecValueTest {
    private static SpecValue value(String type, String value) {
        return SpecValue.fromJson(Map.of("type", type, "value", value));
    }

    private static SpecValue v128(String laneType, String... lanes) {
        return SpecValue.fromJson(Map.of("type", "v128", "lane_type", laneType, "value", List.of((Object[]) lanes)));
    }

    private static boolean matches(SpecValue expected, long... actual) {
        return expected.matches(actual, 0);
    }

    @Test
    void i32IsSignExtendedAndComparedOnItsLow32Bits() {
        SpecValue v = value("i32", "4294967295");
        assertArrayEquals(new long[] {-1L}, SpecScript.argumentSlots(List.of(v)));
        assertTrue(matches(v, -1L));
        assertTrue(matches(v, 0xFFFFFFFFL));
        assertFalse(matches(v, 0x7FFFFFFFL));
        assertArrayEquals(new long[] {Integer.MIN_VALUE}, SpecScript.argumentSlots(List.of(value("i32", "2147483648"))));
        assertEquals("i32:-1 (0xffffffff)", v.describe());
        assertThrows(IllegalArgumentException.class, () -> value("i32", "4294967296"));
    }

    @Test
    void i64UsesAllBits() {
        SpecValue v = value("i64", "18446744073709551615");
        assertArrayEquals(new long[] {-1L}, SpecScript.argumentSlots(List.of(v)));
        assertFalse(matches(v, 0xFFFFFFFFL));
        assertEquals("-1", v.shortText());
    }

    @Test
    void floatsAreBitPatterns() {
        SpecValue one = value("f32", "1065353216"); // 0x3f800000 = 1.0f
        assertArrayEquals(new long[] {0x3F800000L}, SpecScript.argumentSlots(List.of(one)));
        assertEquals("f32:1.0 (0x3f800000)", one.describe());
        SpecValue negZero = value("f32", "2147483648");
        assertTrue(matches(negZero, 0x80000000L));
        assertFalse(matches(negZero, 0L), "-0 and +0 differ");
        SpecValue d = value("f64", "4607182418800017408"); // 0x3ff0000000000000 = 1.0
        assertTrue(matches(d, 0x3FF0000000000000L));
        assertEquals("1.0", d.shortText());
        // An exact NaN payload must match exactly.
        SpecValue nan = value("f32", "2143289345"); // 0x7fc00001
        assertTrue(matches(nan, 0x7FC00001L));
        assertFalse(matches(nan, 0x7FC00000L));
        assertEquals("nan:0x400001", nan.shortText());
        assertEquals("-inf", SpecValue.floatText(0xFF800000));
    }

    @Test
    void canonicalNanAllowsEitherSignOnly() {
        SpecValue f = value("f32", "nan:canonical");
        assertTrue(matches(f, 0x7FC00000L));
        assertTrue(matches(f, 0xFFC00000L));
        assertFalse(matches(f, 0x7FC00001L), "payload beyond the quiet bit");
        assertFalse(matches(f, 0x7FA00000L), "signalling NaN");
        assertFalse(matches(f, 0x7F800000L), "infinity");
        SpecValue d = value("f64", "nan:canonical");
        assertTrue(matches(d, 0x7FF8000000000000L));
        assertTrue(matches(d, 0xFFF8000000000000L));
        assertFalse(matches(d, 0x7FF8000000000001L));
        assertEquals("f64:nan:canonical", d.describe());
        assertThrows(IllegalStateException.class, () -> SpecScript.argumentSlots(List.of(d)));
    }

    @Test
    void arithmeticNanNeedsTheQuietBit() {
        SpecValue f = value("f32", "nan:arithmetic");
        assertTrue(matches(f, 0x7FC00000L));
        assertTrue(matches(f, 0xFFFFFFFFL));
        assertFalse(matches(f, 0x7F800001L), "signalling NaN");
        assertFalse(matches(f, 0x3F800000L));
        SpecValue d = value("f64", "nan:arithmetic");
        assertTrue(matches(d, 0x7FF8000000000123L));
        assertFalse(matches(d, 0x7FF0000000000001L));
    }

    @Test
    void v128LanesPackLittleEndianLowSlotFirst() {
        SpecValue bytes = v128("i8", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "255");
        assertArrayEquals(new long[] {0x0706050403020100L, 0xFF0E0D0C0B0A0908L}, SpecScript.argumentSlots(List.of(bytes)));
        SpecValue shorts = v128("i16", "65535", "1", "0", "0", "0", "0", "0", "32768");
        assertArrayEquals(new long[] {0x000000000001FFFFL, 0x8000000000000000L}, SpecScript.argumentSlots(List.of(shorts)));
        SpecValue longs = v128("i64", "1", "18446744073709551615");
        assertArrayEquals(new long[] {1L, -1L}, SpecScript.argumentSlots(List.of(longs)));
        SpecValue floats = v128("f32", "1065353216", "0", "0", "2147483648");
        assertArrayEquals(new long[] {0x3F800000L, 0x8000000000000000L}, SpecScript.argumentSlots(List.of(floats)));
        // Mixed with scalars: i32, v128 (two slots), f64.
        long[] slots = SpecScript.argumentSlots(List.of(value("i32", "7"), longs, value("f64", "0")));
        assertArrayEquals(new long[] {7L, 1L, -1L, 0L}, slots);
        assertThrows(IllegalArgumentException.class, () -> v128("i32", "1", "2", "3"));
        assertThrows(IllegalArgumentException.class, () -> v128("i8", "256", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"));
    }

    @Test
    void v128FloatLanesCheckNanClassesPerLane() {
        SpecValue v = v128("f32", "1065353216", "nan:canonical", "nan:arithmetic", "0");
        long lo = 0x7FC000003F800000L; // lane 1 canonical NaN, lane 0 1.0
        assertTrue(matches(v, lo, 0x000000007FC00001L)); // lane 2 arithmetic NaN, lane 3 +0
        assertTrue(matches(v, 0xFFC000003F800000L, 0x00000000FFFFFFFFL));
        assertFalse(matches(v, 0x7FC000013F800000L, 0x000000007FC00001L), "lane 1 is not canonical");
        assertFalse(matches(v, lo, 0x000000007F800001L), "lane 2 is signalling");
        assertFalse(matches(v, lo, 0x800000007FC00000L), "lane 3 is -0");
        assertEquals("v128:f32x4[1.0 nan:canonical nan:arithmetic 0.0]", v.describe());
        SpecValue d = v128("f64", "nan:arithmetic", "4607182418800017408");
        assertTrue(matches(d, 0xFFF8000000000001L, 0x3FF0000000000000L));
        assertFalse(matches(d, 0x7FF0000000000001L, 0x3FF0000000000000L));
        assertEquals("v128:i16x8[1 2 3 4 5 6 7 -1] (0xffff0007000600050004000300020001)",
                v128("i16", "0", "0", "0", "0", "0", "0", "0", "0").describeActual(
                        new long[] {0x0004000300020001L, 0xFFFF000700060005L}, 0));
    }

    @Test
    void referencesUseTheEnginesEncoding() {
        SpecValue nullFunc = value("funcref", "null");
        assertTrue(matches(nullFunc, 0L));
        assertFalse(matches(nullFunc, 5L));
        SpecValue someFunc = value("funcref", "0");
        assertTrue(matches(someFunc, 1L), "any non-null funcref");
        assertFalse(matches(someFunc, 0L));
        assertThrows(IllegalStateException.class, () -> SpecScript.argumentSlots(List.of(someFunc)));
        SpecValue ext = value("externref", "0");
        assertArrayEquals(new long[] {1L}, SpecScript.argumentSlots(List.of(ext)), "externref n is n + 1");
        assertFalse(matches(ext, 0L));
        assertEquals("ref.extern 0", ext.describe());
        assertEquals("ref.null extern", value("externref", "null").describe());
    }

    @Test
    void commandsParseAndNameThemselves() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse("{\"type\": \"assert_return\", \"line\": 37, "
                + "\"action\": {\"type\": \"invoke\", \"field\": \"add\", \"args\": [{\"type\": \"i32\", \"value\": \"1\"}, "
                + "{\"type\": \"i32\", \"value\": \"4294967295\"}]}, \"expected\": [{\"type\": \"i32\", \"value\": \"0\"}]}");
        SpecCommand c = SpecCommand.fromJson(json);
        assertEquals("line 37: assert_return add(1, -1)", c.displayName());
        assertEquals(1, c.expected().size());
        @SuppressWarnings("unchecked")
        Map<String, Object> trap = (Map<String, Object>) Json.parse("{\"type\": \"assert_trap\", \"line\": 9, "
                + "\"action\": {\"type\": \"invoke\", \"module\": \"$M\", \"field\": \"\\u0000f\", \"args\": []}, "
                + "\"text\": \"unreachable\", \"expected\": [{\"type\": \"funcref\"}]}");
        assertEquals("line 9: assert_trap $M.\\u0000f() \"unreachable\"", SpecCommand.fromJson(trap).displayName());
        @SuppressWarnings("unchecked")
        Map<String, Object> get = (Map<String, Object>) Json.parse("{\"type\": \"assert_return\", \"line\": 90, "
                + "\"action\": {\"type\": \"get\", \"module\": \"$G\", \"field\": \"e\"}, \"expected\": []}");
        assertEquals("line 90: assert_return get $G.e", SpecCommand.fromJson(get).displayName());
    }

    @Test
    void moduleErrorWordingMayCarryDetailEitherWay() {
        assertTrue(SpecScript.wordingAgrees("unknown import", "unknown import: spectest.foo"));
        assertTrue(SpecScript.wordingAgrees("unknown memory 0", "unknown memory"));
        assertFalse(SpecScript.wordingAgrees("type mismatch", "unknown local"));
    }
}
