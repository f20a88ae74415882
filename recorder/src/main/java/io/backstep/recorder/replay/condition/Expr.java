package io.backstep.recorder.replay.condition;

import io.backstep.engine.model.ValType;

/**
 * The typed expression tree of a WebAssembly-level condition. Every node's type ({@link Type}) is
 * fixed when it is built, and each combination of operator category and operand type is its own node
 * class, so evaluating is a walk of virtual calls with no decision left to make.
 */
abstract class Expr {
    /** The three types a condition computes in: i32 (kept sign-extended), i64, and double for any float. */
    enum Type { I32, I64, F64 }

    /** Where a condition reads the frame's locals (by slot) and the module's globals (as raw bits). */
    interface Values {
        long local(int slot);

        long global(int index);
    }

    final Type type;

    Expr(Type type) {
        this.type = type;
    }

    /** Integer value (an i32 sign-extended); only for I32 and I64 nodes. */
    abstract long i(Values v);

    /** The value as a double (any type). */
    double f(Values v) {
        return (double) i(v);
    }

    /** C's truth: non-zero. */
    final boolean truth(Values v) {
        return type == Type.F64 ? f(v) != 0.0 : i(v) != 0;
    }

    static Type typeOf(ValType t) {
        return switch (t) {
            case I32 -> Type.I32;
            case F32, F64 -> Type.F64;
            default -> Type.I64; // i64 and references (as their raw slot)
        };
    }

    static final class IntConst extends Expr {
        final long value;

        IntConst(Type type, long value) {
            super(type);
            this.value = value;
        }

        @Override long i(Values v) { return value; }
    }

    static final class FloatConst extends Expr {
        final double value;

        FloatConst(double value) {
            super(Type.F64);
            this.value = value;
        }

        @Override long i(Values v) { throw new UnsupportedOperationException(); }
        @Override double f(Values v) { return value; }
    }

    /** A local or a global of any numeric WebAssembly type, read as raw bits and converted once. */
    abstract static class Variable extends Expr {
        final ValType valType;

        Variable(ValType valType) {
            super(typeOf(valType));
            this.valType = valType;
        }

        abstract long raw(Values v);

        @Override
        long i(Values v) {
            long r = raw(v);
            return valType == ValType.I32 ? (int) r : r;
        }

        @Override
        double f(Values v) {
            long r = raw(v);
            return switch (valType) {
                case F32 -> Float.intBitsToFloat((int) r);
                case F64 -> Double.longBitsToDouble(r);
                case I32 -> (int) r;
                default -> (double) r;
            };
        }
    }

    static final class Local extends Variable {
        final int slot;

        Local(ValType t, int slot) {
            super(t);
            this.slot = slot;
        }

        @Override long raw(Values v) { return v.local(slot); }
    }

    static final class Global extends Variable {
        final int index;

        Global(ValType t, int index) {
            super(t);
            this.index = index;
        }

        @Override long raw(Values v) { return v.global(index); }
    }

    static final class Not extends Expr {
        final Expr a;

        Not(Expr a) {
            super(Type.I32);
            this.a = a;
        }

        @Override long i(Values v) { return a.truth(v) ? 0 : 1; }
    }

    static final class Negate extends Expr {
        final Expr a;

        Negate(Expr a) {
            super(a.type);
            this.a = a;
        }

        @Override
        long i(Values v) {
            long r = -a.i(v);
            return type == Type.I32 ? (int) r : r;
        }

        @Override
        double f(Values v) {
            return type == Type.F64 ? -a.f(v) : (double) i(v);
        }
    }

    abstract static class Binary extends Expr {
        final Operator op;
        final Expr a;
        final Expr b;

        Binary(Type type, Operator op, Expr a, Expr b) {
            super(type);
            this.op = op;
            this.a = a;
            this.b = b;
        }
    }

    static final class And extends Binary {
        And(Expr a, Expr b) {
            super(Type.I32, Operator.AND, a, b);
        }

        @Override long i(Values v) { return a.truth(v) && b.truth(v) ? 1 : 0; }
    }

    static final class Or extends Binary {
        Or(Expr a, Expr b) {
            super(Type.I32, Operator.OR, a, b);
        }

        @Override long i(Values v) { return a.truth(v) || b.truth(v) ? 1 : 0; }
    }

    static final class I32Op extends Binary {
        I32Op(Operator op, Expr a, Expr b) {
            super(Type.I32, op, a, b);
        }

        @Override long i(Values v) { return op.i32((int) a.i(v), (int) b.i(v)); }
    }

    static final class I64Op extends Binary {
        I64Op(Operator op, Expr a, Expr b) {
            super(Type.I64, op, a, b);
        }

        @Override long i(Values v) { return op.i64(a.i(v), b.i(v)); }
    }

    static final class F64Op extends Binary {
        F64Op(Operator op, Expr a, Expr b) {
            super(Type.F64, op, a, b);
        }

        @Override long i(Values v) { throw new UnsupportedOperationException(); }
        @Override double f(Values v) { return op.f64(a.f(v), b.f(v)); }
    }

    static final class I32Compare extends Binary {
        I32Compare(Operator op, Expr a, Expr b) {
            super(Type.I32, op, a, b);
        }

        @Override long i(Values v) { return op.test((int) a.i(v), (int) b.i(v)) ? 1 : 0; }
    }

    static final class I64Compare extends Binary {
        I64Compare(Operator op, Expr a, Expr b) {
            super(Type.I32, op, a, b);
        }

        @Override long i(Values v) { return op.test(a.i(v), b.i(v)) ? 1 : 0; }
    }

    static final class F64Compare extends Binary {
        F64Compare(Operator op, Expr a, Expr b) {
            super(Type.I32, op, a, b);
        }

        @Override long i(Values v) { return op.test(a.f(v), b.f(v)) ? 1 : 0; }
    }
}
