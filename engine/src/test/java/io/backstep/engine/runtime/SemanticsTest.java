package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
import io.backstep.engine.decode.WasmBytes;
import io.backstep.engine.model.ValType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The numeric semantics both tiers share: one method per numeric row of the opcode table, and the interpreter's dispatch to them. */
class SemanticsTest {
    /** Operands that reach the edge cases: zeros, signs, extremes, NaNs and infinities of both widths. */
    private static final long[] SPECIAL = {
        0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFFFFFFL, 0x80000000L, Long.MIN_VALUE, Long.MAX_VALUE,
        Float.floatToRawIntBits(Float.NaN) & 0xFFFFFFFFL, Float.floatToRawIntBits(-0f) & 0xFFFFFFFFL,
        Float.floatToRawIntBits(Float.POSITIVE_INFINITY) & 0xFFFFFFFFL, Float.floatToRawIntBits(2.5e9f) & 0xFFFFFFFFL,
        Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(-1.5),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(1.9e19), 31, 32, 63, 64,
    };

    private static Method method(Opcode o) {
        Class<?>[] params = new Class<?>[o.pops().length];
        java.util.Arrays.fill(params, long.class);
        try {
            Method m = Semantics.class.getDeclaredMethod(o.semantics(), params);
            assertTrue(Modifier.isStatic(m.getModifiers()), m.toString());
            assertEquals(long.class, m.getReturnType(), m.toString());
            return m;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("Semantics has no " + o.semantics() + " for " + o.mnemonic() + " taking " + params.length + " longs");
        }
    }

    @Test
    void everyNumericRowHasItsMethodAndEveryMethodARow() {
        Set<String> named = new HashSet<>();
        for (Opcode o : OpcodeTable.all()) {
            if (o.semantics() == null) continue;
            assertNotNull(method(o));
            named.add(o.semantics());
        }
        assertEquals(128 - 4 + 8, named.size()); // 0x45..0xC4 less the reinterpretations, and the saturating truncations
        for (Method m : Semantics.class.getDeclaredMethods()) {
            if (Modifier.isPrivate(m.getModifiers()) || m.isSynthetic()) continue;
            assertTrue(named.contains(m.getName()), "Semantics." + m.getName() + " is no instruction's");
        }
    }

    @Test
    void theInterpretersDispatchRunsTheRowsMethod() throws IllegalAccessException {
        Random random = new Random(11);
        int compared = 0;
        for (Opcode o : OpcodeTable.all()) {
            if (o.semantics() == null) continue;
            Method m = method(o);
            int arity = o.pops().length;
            int n = SPECIAL.length;
            for (int k = 0; k < n * n + 300; k++) {
                long a = k < n * n ? SPECIAL[k / n] : random.nextLong();
                long b = k < n * n ? SPECIAL[k % n] : random.nextBoolean() ? random.nextLong() : random.nextInt(70);
                Object expected = run(m, arity == 1 ? new Object[] {a} : new Object[] {a, b});
                long[] s = {0x5555, a, b};
                Object actual;
                try {
                    int sp = Ops.numeric(o.code(), s, 1 + arity);
                    assertEquals(2, sp, o.mnemonic());
                    actual = s[1];
                } catch (TrapException t) {
                    actual = t.kind();
                }
                assertEquals(expected, canonical(o, expected, actual), o.mnemonic() + " of " + Long.toHexString(a) + ", " + Long.toHexString(b));
                assertEquals(0x5555, s[0], o.mnemonic() + " wrote below its operands");
                compared++;
            }
            if (o.traps()) {
                // Those that trap do on some operand: a zero divisor, a NaN to convert.
                boolean trapped = false;
                for (long a : SPECIAL) {
                    for (long b : SPECIAL) trapped |= run(m, arity == 1 ? new Object[] {a} : new Object[] {a, b}) instanceof TrapKind;
                }
                assertTrue(trapped, o.mnemonic() + " never trapped");
            }
        }
        assertTrue(compared > 80_000, compared + " compared");
    }

    /** One module with a function per numeric instruction, exported under its mnemonic: (operands) -> result. */
    private static byte[] numericModule(List<Opcode> rows) {
        List<Object> types = new ArrayList<>();
        List<Object> functions = new ArrayList<>();
        List<Object> exports = new ArrayList<>();
        List<Object> bodies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Opcode o = rows.get(i);
            List<Object> params = new ArrayList<>();
            for (ValType t : o.pops()) params.add(t.code());
            types.add(WasmBytes.cat(0x60, WasmBytes.vec(params.size(), params.toArray()), WasmBytes.vec(1, o.pushes()[0].code())));
            functions.add(WasmBytes.u32(i));
            exports.add(WasmBytes.cat(WasmBytes.name(o.mnemonic()), 0x00, WasmBytes.u32(i)));
            byte[] op = o.prefix() < 0 ? new byte[] {(byte) o.code()} : WasmBytes.cat(o.prefix(), WasmBytes.u32(o.binaryOpcode()));
            byte[] body = o.pops().length == 1 ? WasmBytes.cat(0, 0x20, 0, op, 0x0B) : WasmBytes.cat(0, 0x20, 0, 0x20, 1, op, 0x0B);
            bodies.add(WasmBytes.cat(WasmBytes.u32(body.length), body));
        }
        return WasmBytes.module(
                WasmBytes.section(1, WasmBytes.vec(rows.size(), types.toArray())),
                WasmBytes.section(3, WasmBytes.vec(rows.size(), functions.toArray())),
                WasmBytes.section(7, WasmBytes.vec(rows.size(), exports.toArray())),
                WasmBytes.section(10, WasmBytes.vec(rows.size(), bodies.toArray())));
    }

    /** {@code v} in the slot form of {@code t}: an i32 sign-extended, an f32's bits zero-extended. */
    private static long slot(ValType t, long v) {
        return t == ValType.I32 ? (int) v : t == ValType.F32 ? v & 0xFFFFFFFFL : v;
    }

    @Test
    void bothTiersComputeWhatTheSemanticsSay() throws IllegalAccessException {
        // The interpreter's loop keeps its own copies of the common integer instructions (calls there
        // would exceed what HotSpot inlines into that large method): both tiers must agree with the definition.
        List<Opcode> rows = new ArrayList<>();
        for (Opcode o : OpcodeTable.all()) if (o.semantics() != null) rows.add(o);
        CompiledModule module = Wasm.load(numericModule(rows));
        for (boolean jit : new boolean[] {false, true}) {
            Linker linker = new Linker();
            Instance instance = linker.instantiate(module);
            Machine machine = new Machine(linker.store());
            machine.setJit(jit);
            machine.setJitThreshold(0);
            for (Opcode o : rows) {
                Method m = method(o);
                FunctionInstance f = instance.exportedFunction(o.mnemonic());
                for (long x : SPECIAL) {
                    for (long y : SPECIAL) {
                        long a = slot(o.pops()[0], x);
                        long b = o.pops().length == 2 ? slot(o.pops()[1], y) : 0;
                        long[] args = o.pops().length == 1 ? new long[] {a} : new long[] {a, b};
                        Object expected = run(m, o.pops().length == 1 ? new Object[] {a} : new Object[] {a, b});
                        Object actual;
                        try {
                            actual = machine.invoke(f, args)[0];
                        } catch (TrapException t) {
                            actual = t.kind();
                        }
                        assertEquals(expected, canonical(o, expected, actual), (jit ? "translated " : "interpreted ") + o.mnemonic() + " of "
                                + Long.toHexString(a) + ", " + Long.toHexString(b));
                        if (o.pops().length == 1) break;
                    }
                }
            }
        }
    }

    /**
     * {@code actual}, or {@code expected} when both are NaNs of the result type: which NaN an operation
     * on NaNs gives is not fixed (Wasm allows any; HotSpot's compiled code may swap the operands of an
     * addition, and x86 keeps the first operand's payload), so only NaN-ness is compared.
     */
    private static Object canonical(Opcode o, Object expected, Object actual) {
        if (!(expected instanceof Long e) || !(actual instanceof Long a)) return actual;
        ValType t = o.pushes()[0];
        boolean bothNaN = t == ValType.F32 ? Float.isNaN(Float.intBitsToFloat((int) (long) e)) && Float.isNaN(Float.intBitsToFloat((int) (long) a))
                : t == ValType.F64 && Double.isNaN(Double.longBitsToDouble(e)) && Double.isNaN(Double.longBitsToDouble(a));
        return bothNaN ? expected : actual;
    }

    private static Object run(Method m, Object[] args) throws IllegalAccessException {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof TrapException t) return t.kind();
            throw new AssertionError(m.getName(), e.getCause());
        }
    }

    /**
     * Every NaN an arithmetic instruction produces is the canonical one, whatever the hardware would give
     * (x86 computes 0/0 as 0xFFC00000, ARM as 0x7FC00000) or which operand's payload it would keep, so a
     * recording replays bit for bit on another machine; the sign-bit instructions keep payloads exactly.
     */
    @Test
    void arithmeticNaNsAreCanonicalAndBitwiseOnesKeepTheirPayload() {
        long f32Zero = 0, f32One = Float.floatToRawIntBits(1f), f32Payload = 0x7FA00001L, f32NegPayload = 0xFFC00123L;
        long f64Zero = 0, f64One = Double.doubleToRawLongBits(1.0), f64Minus = Double.doubleToRawLongBits(-1.0);
        long f64Payload = 0x7FF4000000000001L, f64NegPayload = 0xFFF8000000000123L;
        long c32 = 0x7FC00000L, c64 = 0x7FF8000000000000L;
        assertEquals(c32, Semantics.f32Div(f32Zero, f32Zero));
        assertEquals(c32, Semantics.f32Sub(Float.floatToRawIntBits(Float.POSITIVE_INFINITY), Float.floatToRawIntBits(Float.POSITIVE_INFINITY)));
        assertEquals(c32, Semantics.f32Sqrt(Float.floatToRawIntBits(-1f) & 0xFFFFFFFFL));
        for (long nan : new long[] {f32Payload, f32NegPayload}) {
            assertEquals(c32, Semantics.f32Add(nan, f32One));
            assertEquals(c32, Semantics.f32Mul(f32One, nan));
            assertEquals(c32, Semantics.f32Ceil(nan));
            assertEquals(c32, Semantics.f32Floor(nan));
            assertEquals(c32, Semantics.f32Trunc(nan));
            assertEquals(c32, Semantics.f32Nearest(nan));
            assertEquals(c64, Semantics.f64PromoteF32(nan));
        }
        assertEquals(c64, Semantics.f64Div(f64Zero, f64Zero));
        assertEquals(c64, Semantics.f64Sqrt(f64Minus));
        for (long nan : new long[] {f64Payload, f64NegPayload}) {
            assertEquals(c64, Semantics.f64Sub(f64One, nan));
            assertEquals(c64, Semantics.f64Div(nan, f64One));
            assertEquals(c64, Semantics.f64Ceil(nan));
            assertEquals(c64, Semantics.f64Floor(nan));
            assertEquals(c64, Semantics.f64Trunc(nan));
            assertEquals(c64, Semantics.f64Nearest(nan));
            assertEquals(c32, Semantics.f32DemoteF64(nan));
        }
        assertEquals(Float.floatToRawIntBits(3f), Semantics.f32Add(f32One, Float.floatToRawIntBits(2f)));
        assertEquals(Double.doubleToRawLongBits(0.5), Semantics.f64Div(f64One, Double.doubleToRawLongBits(2.0)));
        assertEquals(0xFFA00001L, Semantics.f32Neg(f32Payload));
        assertEquals(0x7FC00123L, Semantics.f32Abs(f32NegPayload));
        assertEquals(0x7FF8000000000123L, Semantics.f64Abs(f64NegPayload));
        assertEquals(0xFFF4000000000001L, Semantics.f64Copysign(f64Payload, f64Minus));
    }
}
