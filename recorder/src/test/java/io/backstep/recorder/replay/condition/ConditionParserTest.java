package io.backstep.recorder.replay.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import org.junit.jupiter.api.Test;

/**
 * The condition language's parts on their own: types decided at parse time, the node each
 * operator/type pair becomes, and values computed from given locals (no machine, no recording).
 */
class ConditionParserTest {
    /** One function (param i32 i64 f32 f64) with an empty body. */
    private static final byte[] MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x08, 0x01, 0x60, 0x04, 0x7f, 0x7e, 0x7d, 0x7c, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
    };
    private static final CompiledModule CODE = Wasm.load(MODULE);
    private static final CompiledFunction F = CODE.function(0);

    /** $0 = i32 0x7fffffff, $1 = i64 -5, $2 = f32 1.5, $3 = f64 -0.25. */
    private static final Expr.Values LOCALS = new Expr.Values() {
        @Override
        public long local(int slot) {
            if (slot == F.localSlot(0)) return 0x7fffffffL;
            if (slot == F.localSlot(1)) return -5L;
            if (slot == F.localSlot(2)) return Float.floatToRawIntBits(1.5f);
            if (slot == F.localSlot(3)) return Double.doubleToRawLongBits(-0.25);
            throw new AssertionError("slot " + slot);
        }

        @Override
        public long global(int index) {
            throw new AssertionError("no globals");
        }
    };

    private static Expr parse(String text) {
        return ConditionParser.parse(text, F, CODE.module());
    }

    @Test
    void typesAreDecidedOnceByTheOperands() {
        assertEquals(Expr.Type.I32, parse("$0 + 1").type);
        assertEquals(Integer.MIN_VALUE, parse("$0 + 1").i(LOCALS), "i32 arithmetic wraps");
        assertEquals(Expr.Type.I64, parse("$0 + $1").type);
        assertEquals(0x7fffffffL - 5, parse("$0 + $1").i(LOCALS), "an i64 operand widens");
        assertEquals(Expr.Type.F64, parse("$2 * $3").type);
        assertEquals(-0.375, parse("$2 * $3").f(LOCALS));
        assertEquals(Expr.Type.I32, parse("$3 < $2").type);
        assertEquals(1, parse("$3 < $2 && $1 < 0 && !($0 == 0)").i(LOCALS));
        assertEquals(Expr.Type.I32, parse("-2147483648").type, "a negative literal folds to an i32");
        assertEquals(Expr.Type.I64, parse("2147483648").type);
    }

    @Test
    void eachOperatorAndTypeIsItsOwnNode() {
        assertInstanceOf(Expr.I32Op.class, parse("$0 >> 1"));
        assertInstanceOf(Expr.I64Op.class, parse("$1 >>> 1"));
        assertInstanceOf(Expr.F64Op.class, parse("$2 % 1"));
        assertInstanceOf(Expr.I32Compare.class, parse("$0 != 1"));
        assertInstanceOf(Expr.I64Compare.class, parse("$1 >= 1"));
        assertInstanceOf(Expr.F64Compare.class, parse("$3 <= 1"));
        assertInstanceOf(Expr.Or.class, parse("1 || 1 && 0"), "&& binds tighter than ||");
        assertInstanceOf(Expr.I32Op.class, parse("1 + 2 * 3"));
        assertEquals(7, parse("1 + 2 * 3").i(LOCALS));
        assertEquals(9, parse("(1 + 2) * 3").i(LOCALS));
        assertEquals(1, parse("1 << 2 == 4").i(LOCALS), "shifts bind tighter than comparisons");
        assertEquals(-1L >>> 1, parse("$1 - $1 - 1 >>> 1").i(LOCALS));
    }

    @Test
    void integerDivisionByZeroThrowsForTheCallerToTreatAsFalse() {
        assertThrows(ArithmeticException.class, () -> parse("$0 / ($0 - $0)").i(LOCALS));
        assertTrue(Double.isInfinite(parse("$3 / 0.0").f(LOCALS)));
    }

    @Test
    void errorsNameThePositionAndTheProblem() {
        assertEquals("bad condition \"$2 << 1\" at 4: '<<' needs integer operands",
                assertThrows(ConditionException.class, () -> parse("$2 << 1")).getMessage());
        assertEquals("bad condition \"1 +\" at 4: the condition ends too early",
                assertThrows(ConditionException.class, () -> parse("1 +")).getMessage());
        assertEquals("bad condition \"$9\" at 1: there is no local 9 (the function has 4)",
                assertThrows(ConditionException.class, () -> parse("$9")).getMessage());
        assertEquals("bad condition \"1 # 2\" at 3: unexpected character '#'",
                assertThrows(ConditionException.class, () -> parse("1 # 2")).getMessage());
        assertEquals("bad condition \"\" at 1: the condition is empty",
                assertThrows(ConditionException.class, () -> parse("")).getMessage());
    }
}
