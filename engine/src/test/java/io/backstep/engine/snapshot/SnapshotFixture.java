package io.backstep.engine.snapshot;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import java.util.HexFormat;

/**
 * A small module for snapshot unit tests, assembled with {@code wat2wasm} from this text:
 *
 * <pre>
 * (module
 *   (type $ii (func (param i32) (result i32)))
 *   (memory 1 4)
 *   (table $t 4 funcref)
 *   (elem (i32.const 0) func $inc $dbl)
 *   (global $counter (mut i32) (i32.const 0))
 *   (global $k i64 (i64.const 42))
 *   (global $f (mut f64) (f64.const 1.5))
 *   (data $d "hello")
 *   (data (i32.const 16) "\01\02\03\04")
 *   (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
 *   (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
 *   (func $leaf (param $x i32) (result i32) (local $t i64)
 *     (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
 *     (i32.store (i32.add (i32.const 100) (i32.shl (local.get $x) (i32.const 2))) (local.get $x))
 *     (local.set $t (i64.extend_i32_u (local.get $x)))
 *     (call_indirect (type $ii) (local.get $x) (i32.and (local.get $x) (i32.const 1))))
 *   (func $mid (param $y i32) (result i32) (local $g f32)
 *     (local.set $g (f32.const 2.5))
 *     (i32.add (call $leaf (local.get $y)) (call $leaf (i32.add (local.get $y) (i32.const 1)))))
 *   (func (export "run") (param $n i32) (result i32) (local $acc i32) (local $i i32)
 *     (memory.init $d (i32.const 200) (i32.const 0) (i32.const 5))
 *     (data.drop $d)
 *     (block $done
 *       (br_if $done (i32.eqz (local.get $n)))
 *       (loop $l
 *         (local.set $acc (i32.add (local.get $acc) (call $mid (local.get $i))))
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
 *     (table.set $t (i32.const 2) (ref.func $dbl))
 *     (global.set $f (f64.add (global.get $f) (f64.const 1)))
 *     (i32.add (local.get $acc) (global.get $counter)))
 *   (func (export "boom") (param $x i32) (result i32)
 *     (call $mid (local.get $x))
 *     (unreachable)))
 * </pre>
 *
 * "run" reaches call depth 4 (run, $mid, $leaf, $inc/$dbl through call_indirect) and touches every
 * kind of state: locals of several types, memory, table, mutable globals, a dropped passive segment.
 */
final class SnapshotFixture {
    static final byte[] PROGRAM = HexFormat.of().parseHex(
            "0061736d0100000001060160017f017f0307060000000000000404017000040504010101040617037f0141000b7e00422a0b"
            + "7c0144000000000000f83f0b070e020372756e000404626f6f6d00050908010041000b0200010c01020aa801060700200041"
            + "016a0b0700200041026c0b2801017e230041016a240041e40020004102746a20003602002000ad2101200020004101711100"
            + "000b1701017d4300002040210120001002200041016a10026a0b4d01027f41c80141004105fc080000fc090002402000450d"
            + "0003402001200210036a2101200241016a210220022000490d000b0b4102d2012600230244000000000000f03fa024022001"
            + "23006a0b070020001003000b0b1102010568656c6c6f0041100b0401020304");

    /** The same module with the i64 global initialised to 43 instead of 42: same shape, different hash. */
    static final byte[] OTHER_PROGRAM = HexFormat.of().parseHex(
            "0061736d0100000001060160017f017f0307060000000000000404017000040504010101040617037f0141000b7e00422b0b"
            + "7c0144000000000000f83f0b070e020372756e000404626f6f6d00050908010041000b0200010c01020aa801060700200041"
            + "016a0b0700200041026c0b2801017e230041016a240041e40020004102746a20003602002000ad2101200020004101711100"
            + "000b1701017d4300002040210120001002200041016a10026a0b4d01027f41c80141004105fc080000fc090002402000450d"
            + "0003402001200210036a2101200241016a210220022000490d000b0b4102d2012600230244000000000000f03fa024022001"
            + "23006a0b070020001003000b0b1102010568656c6c6f0041100b0401020304");

    /** Function indices in the module. */
    static final int INC = 0;
    static final int DBL = 1;
    static final int LEAF = 2;
    static final int MID = 3;
    static final int RUN = 4;
    /** Global indices. */
    static final int COUNTER = 0;
    static final int K = 1;
    static final int F = 2;

    static final CompiledModule MODULE = Wasm.load(PROGRAM);
    static final CompiledModule OTHER = Wasm.load(OTHER_PROGRAM);

    private SnapshotFixture() {
    }

    /** A fresh linker, instance and idle machine. */
    static Fresh fresh(CompiledModule module) {
        Linker linker = new Linker();
        Instance instance = linker.instantiate(module);
        return new Fresh(instance, new Machine(linker.store()));
    }

    static Fresh fresh() {
        return fresh(MODULE);
    }

    /** leaf(x) computed from the module's source: call_indirect picks $inc (x even) or $dbl (x odd). */
    static int leaf(int x) {
        return (x & 1) == 0 ? x + 1 : x * 2;
    }

    /** run(n) computed from the module's source: the sum of mid(i) = leaf(i) + leaf(i + 1), plus the counter (2n). */
    static int expectedRun(int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) acc += leaf(i) + leaf(i + 1);
        return acc + 2 * n;
    }

    record Fresh(Instance instance, Machine machine) {
        void start(String export, long... args) {
            machine.start(instance.exportedFunction(export), args);
        }

        /** Single-steps until the call depth reaches {@code depth}; returns the step count then. */
        long stepUntilDepth(int depth) {
            while (machine.callDepth() < depth) {
                if (machine.run(1) != Machine.StopReason.BUDGET) throw new AssertionError("never reached depth " + depth);
            }
            return machine.stepCount();
        }
    }

    /** Offsets of fields in a snapshot, read from its header (the format is big-endian). */
    record Layout(int steps, int status, int depth, int frames, int stackPointer, int slots, int slotCount) {
        static Layout of(byte[] snapshot) {
            int steps = 4 + 2 + 32;
            int status = steps + 8;
            int depthAt = status + 1 + 4;
            int depth = readInt(snapshot, depthAt);
            int frames = depthAt + 4;
            int spAt = frames + 12 * depth;
            return new Layout(steps, status, depthAt, frames, spAt, spAt + 4, readInt(snapshot, spAt));
        }

        static int readInt(byte[] b, int at) {
            return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        }
    }
}
