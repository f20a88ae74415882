package io.backstep.engine.jit;

import io.backstep.engine.code.Opcode;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The members that translated code reads, writes and calls (the runtime's, and the JIT tier's own
 * support), each named here once with its type. The translator emits only these; RuntimeContractTest
 * resolves every one by reflection, so a renamed field or a changed signature fails that test instead
 * of a run (with a NoSuchFieldError or a VerifyError in generated code).
 */
final class RuntimeContract {
    private RuntimeContract() {
    }

    /** A field: owner (internal class name), name, type descriptor. */
    record Field(String owner, String name, String descriptor) {
        void emit(MethodVisitor mv, int opcode) {
            mv.visitFieldInsn(opcode, owner, name, descriptor);
        }
    }

    /** A method or constructor: how it is invoked (an {@code INVOKE*} opcode), owner, name, descriptor. */
    record Call(int invoke, String owner, String name, String descriptor) {
        void emit(MethodVisitor mv) {
            mv.visitMethodInsn(invoke, owner, name, descriptor, false);
        }
    }

    // Classes by their literals where this package can name them (a rename fails the build); the
    // runtime's package-private Semantics by name (RuntimeContractTest resolves it).
    static final String MACHINE = Type.getInternalName(Machine.class);
    static final String INSTANCE = Type.getInternalName(Instance.class);
    static final String GLOBAL = Type.getInternalName(Global.class);
    static final String MEMORY_CLASS = Type.getInternalName(Memory.class);
    static final String TRAP = Type.getInternalName(TrapException.class);
    /** The translated code's superclass; generated classes are hidden classes in the runtime's package ({@link JitCode#DEFINE_IN}). */
    static final String BASE = Type.getInternalName(JitCode.class);
    private static final String SUPPORT = Type.getInternalName(JitSupport.class);
    private static final String SEMANTICS = "io/backstep/engine/runtime/Semantics";

    /** {@code chunkN(m, s, fp, pc, remaining, inst)}: one generated method. */
    static final String RUN_DESC = "(L" + MACHINE + ";[JIIJL" + INSTANCE + ";)I";
    /** {@code JitCode.runChunk(chunk, m, s, fp, pc, remaining, inst)}, which each generated class implements. */
    static final Call RUN_CHUNK = new Call(Opcodes.INVOKEVIRTUAL, BASE, "runChunk", "(IL" + MACHINE + ";[JIIJL" + INSTANCE + ";)I");
    static final Call BASE_INIT = new Call(Opcodes.INVOKESPECIAL, BASE, "<init>", "()V");
    /** {@code JitCode.chunkOf(pc)}: the method (chunk number) holding entry {@code pc}, where runChunk goes after a crossing. */
    static final Call CHUNK_OF = new Call(Opcodes.INVOKEVIRTUAL, BASE, "chunkOf", "(I)I");

    // The machine state every exit writes (and a call reads back).
    static final Field PC = new Field(MACHINE, "pc", "I");
    static final Field SP = new Field(MACHINE, "sp", "I");
    static final Field REMAINING = new Field(MACHINE, "jitRemaining", "J");
    static final Field CAUGHT_TRAP = new Field(MACHINE, "jitTrap", "L" + TRAP + ";");

    /** {@code remaining = JitBudget.charge(remaining, steps)} at each segment start; throws BUDGET_EXHAUSTED if the segment does not fit. */
    static final Call BUDGET_CHARGE = new Call(Opcodes.INVOKESTATIC, Type.getInternalName(JitBudget.class), "charge", "(JJ)J");
    static final String BUDGET_EXHAUSTED = Type.getInternalName(JitBudget.Exhausted.class);

    static final Field GLOBALS = new Field(INSTANCE, "globals", "[L" + GLOBAL + ";");
    static final Field GLOBAL_LO = new Field(GLOBAL, "lo", "J");
    static final Field GLOBAL_HI = new Field(GLOBAL, "hi", "J");

    // A call: the machine pushes the callee's frame and returns its translation (null: it declines), the
    // call site runs it (runChunk from its first method), the machine takes the result.
    static final Call ENTER = new Call(Opcodes.INVOKEVIRTUAL, MACHINE, "jitEnter", "(L" + INSTANCE + ";III)L" + BASE + ";");
    static final Call ENTER_INDIRECT = new Call(Opcodes.INVOKEVIRTUAL, MACHINE, "jitEnterIndirect", "(L" + INSTANCE + ";IIIII)L" + BASE + ";");
    static final Call LEAVE = new Call(Opcodes.INVOKEVIRTUAL, MACHINE, "jitLeave", "(L" + BASE + ";I)I");

    /** Memory 0 of an instance (a stand-in that traps on every access when it has none), and what a method reads of it once. */
    static final Call MEMORY = support("memory", "(L" + INSTANCE + ";)L" + MEMORY_CLASS + ";");
    static final Field MEMORY_WORDS = new Field(MEMORY_CLASS, "words", "[J");
    static final Field MEMORY_DIRTY = new Field(MEMORY_CLASS, "dirty", "[B");
    static final Field MEMORY_SIZE = new Field(MEMORY_CLASS, "size", "J");
    static final Call UNREACHABLE = support("unreachable", "()L" + TRAP + ";");

    // Loads: (memory words, memory size, address operand, offset) -> slot; stores also take the dirty chunks and the value.
    private static final String LOAD = "([JJJI)J";
    private static final String STORE = "([J[BJJIJ)V";
    static final Call LOAD_I32 = support("loadI32", LOAD);
    static final Call LOAD_U32 = support("loadU32", LOAD);
    static final Call LOAD_I64 = support("loadI64", LOAD);
    static final Call LOAD_S8 = support("loadS8", LOAD);
    static final Call LOAD_U8 = support("loadU8", LOAD);
    static final Call LOAD_S16 = support("loadS16", LOAD);
    static final Call LOAD_U16 = support("loadU16", LOAD);
    static final Call STORE_32 = support("store32", STORE);
    static final Call STORE_64 = support("store64", STORE);
    static final Call STORE_8 = support("store8", STORE);
    static final Call STORE_16 = support("store16", STORE);

    private static Call support(String name, String descriptor) {
        return new Call(Opcodes.INVOKESTATIC, SUPPORT, name, descriptor);
    }

    /** The method both tiers run for numeric instruction {@code o} (see {@link Opcode#semantics}). */
    static Call semantics(Opcode o) {
        return new Call(Opcodes.INVOKESTATIC, SEMANTICS, o.semantics(), o.pops().length == 1 ? "(J)J" : "(JJ)J");
    }
}
