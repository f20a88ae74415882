package io.backstep.engine.jit;

import io.backstep.engine.code.Opcode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The runtime's members that translated code reads, writes and calls, each named here once with its
 * type. The translator emits only these; RuntimeContractTest resolves every one against the runtime's
 * classes by reflection, so a renamed field or a changed signature fails that test instead of a run
 * (with a NoSuchFieldError or a VerifyError in generated code).
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

    private static final String RUNTIME = "io/backstep/engine/runtime/";
    static final String MACHINE = RUNTIME + "Machine";
    static final String INSTANCE = RUNTIME + "Instance";
    static final String GLOBAL = RUNTIME + "Global";
    static final String MEMORY_CLASS = RUNTIME + "Memory";
    static final String TRAP = RUNTIME + "TrapException";
    /** The translated code's superclass (runtime.JitCode); generated classes are hidden classes in its package. */
    static final String BASE = RUNTIME + "JitCode";
    private static final String SUPPORT = RUNTIME + "JitSupport";
    private static final String SEMANTICS = RUNTIME + "Semantics";

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
    static final Call BUDGET_CHARGE = new Call(Opcodes.INVOKESTATIC, RUNTIME + "JitBudget", "charge", "(JJ)J");
    static final String BUDGET_EXHAUSTED = RUNTIME + "JitBudget$Exhausted";

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
