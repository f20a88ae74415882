package io.backstep.recorder.replay.condition;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.source.CEvaluator;
import io.backstep.engine.source.CExpr;
import io.backstep.engine.source.CodeFrame;
import io.backstep.engine.source.MachineFrameAccess;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.state.Value;

/**
 * A breakpoint condition: a small C-like expression over the locals of the breakpoint's function and
 * the module's globals, compiled once when the breakpoint is added and evaluated at every hit.
 *
 * <p>Grammar (C precedence, lowest first): {@code || && | ^ & (== !=) (< <= > >=) (<< >> >>>) (+ -)
 * (* / %)}, unary {@code ! -}, parentheses. Operands: a local by its name-section name or as
 * {@code $N} (index, parameters first); a global by name or as {@code $gN}; decimal, hex ({@code 0x..})
 * and float literals ({@code 1.5}, {@code 2e3}). A local name shadows a global of the same name.
 *
 * <p>Typing is static: i32 values are signed 32-bit and arithmetic on two of them wraps at 32 bits
 * (so {@code 0xffffffff == -1}); an i64 operand widens the operation to 64 bits; any float (f32 or
 * f64) operand makes it a double operation. Comparisons and logical operators give i32 0 or 1;
 * shifts and bitwise operators need integers. An integer division or remainder by zero makes the
 * condition false (the breakpoint does not stop) rather than failing the command. v128 values cannot
 * be used.
 *
 * <p>The parts: {@link ConditionLexer} (tokens), {@link ConditionParser} (names resolved, types decided)
 * and {@link Expr} (the typed tree, one node class per operator category and type), with the
 * operators' semantics in {@link Operator}.
 *
 * <p>When the text is not a condition of that language (a name it does not know, {@code .}, {@code ->},
 * {@code [i]}...) and the module has DWARF, it is compiled as a C expression instead (see
 * {@link io.backstep.engine.source.CParser}): names are the C variables in scope at the hit, with C types and C arithmetic.
 * Every name must exist somewhere in the function or among the globals; at a hit where a name is out
 * of scope or optimized out, or memory cannot be read, the condition is false.
 */
public final class Condition {
    private final Expr wasm;          // the Wasm-level condition, or null for a C one
    private final CExpr c;            // the C condition, or null
    private final SourceModel model;
    private final String text;

    private Condition(Expr wasm, CExpr c, SourceModel model, String text) {
        this.wasm = wasm;
        this.c = c;
        this.model = model;
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * Compiles {@code text} for breakpoints in {@code function}; throws {@link ConditionException} (an
     * IllegalArgumentException) with a message naming the problem and its position.
     */
    public static Condition parse(String text, CompiledFunction function, WasmModule module) {
        try {
            return new Condition(ConditionParser.parse(text, function, module), null, null, text);
        } catch (ConditionException wasmError) {
            SourceModel model = SourceModel.of(module);
            // Without a name to look up, C has nothing to add: the Wasm-level error says what is wrong.
            if (!model.available() || !text.matches("(?s).*[A-Za-z_].*")) throw wasmError;
            try {
                CExpr e = model.parse(text);
                model.checkNames(e, function.index);
                return new Condition(null, e, model, text);
            } catch (SourceException cError) {
                throw new ConditionException("bad condition \"" + text + "\": " + cError.getMessage());
            }
        }
    }

    /**
     * Evaluates the condition in the machine's current (top) frame, which must be a frame of the
     * function it was compiled for. A division by zero, a name out of scope or unreadable memory
     * make it false.
     */
    public boolean test(Machine m, Instance instance) {
        if (c != null) return testC(m, instance);
        try {
            return wasm.truth(values(m, instance, m.frame(m.callDepth() - 1).base()));
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * The expression's value in the frame whose locals start at slot {@code base} (a frame of the
     * function it was compiled for): i32, i64 or f64 by its static type. An integer division by zero
     * throws ArithmeticException.
     */
    public Value value(Machine m, Instance instance, int base) {
        if (wasm == null) throw new ConditionException("a C expression has no WebAssembly-level value; evaluate it at the source level");
        Expr.Values v = values(m, instance, base);
        return switch (wasm.type) {
            case I32 -> Value.of(ValType.I32, (int) wasm.i(v));
            case I64 -> Value.of(ValType.I64, wasm.i(v));
            case F64 -> Value.of(ValType.F64, Double.doubleToRawLongBits(wasm.f(v)));
        };
    }

    private static Expr.Values values(Machine m, Instance instance, int base) {
        return new Expr.Values() {
            @Override public long local(int slot) { return m.slot(base + slot); }
            @Override public long global(int index) { return instance.global(index).get(); }
        };
    }

    private boolean testC(Machine m, Instance instance) {
        int top = m.callDepth() - 1;
        FrameView f = m.frame(top);
        CodeFrame frame = new CodeFrame(f.function().index(), f.function().displayName(), f.wasmOffset(), true);
        try {
            SourceFrame sf = model.framesOf(frame).get(0);
            return CEvaluator.isTrue(c, model.env(sf, new MachineFrameAccess(m, top, instance)));
        } catch (SourceException e) {
            return false;
        }
    }
}
