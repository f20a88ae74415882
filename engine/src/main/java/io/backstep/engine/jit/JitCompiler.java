package io.backstep.engine.jit;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
import io.backstep.engine.code.TypeIds;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.WasmModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Translates one function's lowered code ({@link CompiledFunction#plainCode()}) into a JVM class whose
 * {@code run} method does what the interpreter would, without its dispatch: the JIT tier, which HotSpot
 * then compiles to machine code.
 *
 * <p>The translation keeps the interpreter's state layout at every exit. Since Wasm stack heights are
 * static, every Wasm slot (a local, or the operand at a given height) has a fixed place: a JVM long
 * local while translated code runs (so HotSpot can keep it in a register), and {@code s[fp + k]} in the
 * machine's value stack. Entering fills the JVM locals from the array. A Wasm local is written through
 * (a {@code local.set} stores to both), and every exit writes back the operands below its height, so
 * what the interpreter, snapshots and the debugger see at an exit is exactly the interpreter's state.
 * Writing locals through rather than at every exit keeps them out of the exits' reads: to HotSpot's
 * liveness analysis a value is then live only where Wasm reads it, which keeps C1 within its frame
 * limit (see {@link #MAX_METHOD_BYTES}):
 * <ul>
 * <li>The code is cut into <em>segments</em>: runs with one way in that start at a branch target or
 *     after an unconditional branch, a call or an untranslated instruction; a conditional branch's
 *     fall-through stays in its segment. A segment first checks that the step budget holds all of it,
 *     else it exits (the interpreter then runs the budget's last steps one by one, exactly). The check
 *     is a call of {@link JitBudget#charge} that throws to a handler of the segment, so that C2
 *     sees one branch for all segments rather than one never-taken branch each. Steps are counted per
 *     segment, not per instruction: a conditional branch taken out of the middle of its segment gives
 *     back the steps it skips (an addition on the taken path, against a budget check on the path that
 *     falls through; docs/benchmarks.md, "Segments through conditional branches").
 * <li>A trap is caught by a handler per trapping instruction (an exception-table entry, free until it
 *     fires) that knows the instruction's pc, stack height and place in its segment, so the state it
 *     leaves is the one before that instruction, with the exact step count.
 * <li>A call passes its arguments through the value stack and asks the machine to run the callee
 *     ({@code Machine.jitEnter}, {@code jitEnterIndirect}): the machine pushes the callee's frame as
 *     data and returns its translation, which the call site runs as a JVM call ({@code runChunk}, a
 *     call HotSpot profiles per site) and hands back ({@code Machine.jitLeave}). If the callee
 *     returns, its results are read back and the caller goes on ({@link #RETURNED}). If anything else
 *     stops it (budget, trap, an untranslated instruction, a call the machine makes itself), the
 *     caller writes its own slots back (all but the arguments, which are now the callee's) and returns
 *     the same reason: the translated frames unwind, each leaving its frame as data, exactly as the
 *     interpreter holds it. If the machine declines the call ({@code jitEnter} returns null: a host
 *     function, an untranslated callee, not enough JVM stack left), the call exits to the machine,
 *     which then pushes the frame and runs the callee.
 *     A return writes the results to the frame base and exits. Every segment start is an entry: of the
 *     methods themselves where a run comes in by itself ({@code mainEntries}), of the resume copy
 *     ({@link #translateResumeCopy}) for a frame resuming after a stop.
 * <li>Instructions that are rare in compiled C (SIMD, bulk memory, tables, memory.grow) are not
 *     translated: the code exits and the interpreter runs that one instruction.
 * </ul>
 * Functions with breakpoint probes are not run translated (the machine checks), so probes need no
 * support here.
 *
 * <p>A function becomes one or more methods ({@code chunk0}, {@code chunk1}, ...), each at most
 * {@link #MAX_METHOD_BYTES} of bytecode so that HotSpot compiles it; {@code runChunk} calls the one
 * holding an entry pc. Each method keeps only the slots its instructions name in JVM locals. A branch
 * into another method exits with reason {@link #CONTINUE} (the state written back, as at any exit) and
 * {@code runChunk} enters the target's method.
 */
public final class JitCompiler {
    private JitCompiler() {
    }

    /**
     * The class file; the pcs at which its code may be entered (a resume copy's methods at all of them,
     * the chunk methods at {@code mainEntries} only, see {@code Translator.mainEntries}); for each such
     * pc, the method ({@code chunk} number) that holds it; the number of methods and the first
     * instruction of each (then the instruction count); the bytecode size of the largest, and a bound on
     * the JVM stack one run of it takes (see {@link #STACK_PER_RUN}).
     */
    public record Translation(byte[] classBytes, boolean[] entries, boolean[] mainEntries, int[] chunkOfPc, int chunks,
                              int[] chunkStarts, int codeSize, int nestedStackBytes) {
    }

    /**
     * JVM stack bytes a run of a translation takes besides its method's locals: the frames of the call
     * path (the machine's call, {@code JitCode.run}, {@code runChunk}) and the method's own frame
     * overhead and operand stack, as the JVM's bytecode interpreter lays them out (compiled frames are smaller).
     */
    private static final int STACK_PER_RUN = 1024;

    // The runtime's classes and members that generated code uses are named in RuntimeContract.
    private static final String BASE = RuntimeContract.BASE;
    private static final String TRAP = RuntimeContract.TRAP;
    private static final String RUN_DESC = RuntimeContract.RUN_DESC;

    /** Why translated code exited: what its {@code run} returns (see {@link JitCode#run}). */
    public static final int BUDGET = 0;
    public static final int INTERPRET = 1;
    public static final int CALL = 2;
    public static final int RETURN = 3;
    public static final int TRAPPED = 4;
    public static final int CALL_INDIRECT = 5;
    /**
     * A branch left this method for another method of the same function (pc is the target, an entry):
     * handled inside the class's {@code runChunk}, never seen by the machine.
     */
    public static final int CONTINUE = 6;
    /** What {@code Machine.jitLeave} returns when the callee returned: its results are at its frame base, its frame popped. */
    public static final int RETURNED = 7;

    /** Whether translated code runs the instruction {@code op} itself (the others exit to the interpreter). */
    public static boolean translates(int op) {
        return Translator.kind(op) != UNTRANSLATED;
    }

    /**
     * Added to an exit reason while translated frames unwind after a callee stopped (internal to the
     * generated code): the common exit writes the caller's slots back but leaves the pc, stack pointer
     * and budget that the callee's exit wrote.
     */
    private static final int UNWINDING = 16;

    /** Names of the generated methods: chunk&lt;c&gt;, and resume&lt;c&gt; in a resume copy. */
    public static final String CHUNK = "chunk";
    public static final String RESUME = "resume";

    // Local variable slots of the generated run method.
    private static final int M = 1;
    private static final int S = 2;
    private static final int FP = 3;
    private static final int PC = 4;
    private static final int REMAINING = 5; // long: 5 and 6
    private static final int INST = 7;
    private static final int MB = 8;
    private static final int DB = 9;
    private static final int GLOBALS = 10;
    private static final int EXIT_PC = 11;
    private static final int EXIT_HEIGHT = 12;
    private static final int REASON = 13;
    private static final int CAUGHT = 14; // the trap a handler caught
    private static final int MS = 15; // long: 15 and 16, the memory's size
    private static final int CALLEE = 17; // the translation a call runs
    /** First of the long locals that hold the Wasm slots (two JVM slots each). */
    private static final int VALUES = 18;
    /**
     * A method's JVM locals are the slots its chunk touches (two JVM slots each, of at most 65535); a
     * frame needing more than this is interpreted.
     */
    private static final int MAX_SLOTS = 30000;
    /**
     * The most bytecode one generated method may hold. HotSpot's {@code HugeMethodLimit} is 8000 bytes: a
     * larger method is never compiled unless the JVM runs with {@code -XX:-DontCompileHugeMethods}, and
     * even then C1 gives up on methods of 16-18 KB with this translator's shape ("out of virtual registers
     * in linear scan"), leaving them to the JVM's bytecode interpreter, which is slower than ours. So a
     * function is cut into several methods of at most this size, each compiled on its own.
     *
     * <p>C1 has a second limit: its linear-scan register allocator gives every value it spills a stack
     * slot of its own (never shared), and gives up on a frame of more than 2000 words, longs taking two
     * ("too many stack slots used"). Since C1 keeps no register across a call, that is about a thousand
     * long values live across calls, and phi functions count: each local live at a merge point (here
     * every segment start, each an entry of the method or of its resume copy) whose value differs between
     * the paths. With the locals written back at every exit, every local the method wrote was live
     * everywhere, and 4 KB chunks of LZ4's and stb_image's big functions went past it; they now stay within it
     * (C1TranslationsTest compiles every translated method of the real programs and samples with C1).
     */
    public static final int MAX_METHOD_BYTES = 8000;
    /** At most this many methods per function (a function needing more is interpreted). */
    public static final int MAX_CHUNKS = 256;
    /** A straight-line run is cut after this many instructions, so that one segment always fits a method. */
    private static final int MAX_SEGMENT = 100;
    /**
     * Target sizes, in estimated bytes, for cutting a function into methods; smaller ones are tried if a
     * method comes out too large. The first is below {@link #MAX_METHOD_BYTES} for C1's frame limit (see
     * there): at 8000 a few methods of 4-5 KB with many calls or locals still went past it.
     */
    private static final int[] CHUNK_BUDGETS = {5000, 3500, 2000};
    /**
     * The budgets of a second translation, made when HotSpot refused a method of the first ({@link
     * CompilationWatch}): what C1 refuses (frames over its slot limit, out of registers) and
     * HotSpot's size limits both shrink with the method.
     */
    private static final int[] SMALL_CHUNK_BUDGETS = {2000, 1500, 1000};
    private static final String TOO_LARGE = "method too large for the JVM";

    /** Kinds of instruction, for cutting the code into segments. */
    private static final int LINEAR = 0;
    private static final int BRANCH = 1; // ends a segment; targets start segments
    private static final int CALL_KIND = 2;
    private static final int RETURN_KIND = 3;
    private static final int UNTRANSLATED = 4;
    private static final int NO_FALLTHROUGH = 5; // unreachable

    /**
     * Translates {@code cf}, or returns null if it cannot (the JVM's 64 KiB method limit, or stack heights
     * that do not check out: the interpreter then runs the function).
     */
    public static Translation translate(CompiledFunction cf, WasmModule module, String className) {
        return translate(cf, module, className, false);
    }

    /** As {@link #translate(CompiledFunction, WasmModule, String)}, in smaller methods if {@code small} ({@code SMALL_CHUNK_BUDGETS}). */
    public static Translation translate(CompiledFunction cf, WasmModule module, String className, boolean small) {
        try {
            return new Translator(cf, module, className).translate(small ? SMALL_CHUNK_BUDGETS : CHUNK_BUDGETS);
        } catch (MethodTooLargeException | ClassTooLargeException | Refused e) {
            return null;
        }
    }

    /**
     * The resume copy of {@code cf}'s translation, which cut it into methods at {@code chunkStarts} (its
     * {@link Translation#chunkStarts}): the same methods, each entered at any of its entries and handing
     * over to the translation's own at the first loop head it branches to ({@code Translator.mainEntries}).
     * Null if a method of it does not fit.
     */
    public static Translation translateResumeCopy(CompiledFunction cf, WasmModule module, String className, int[] chunkStarts) {
        try {
            return new Translator(cf, module, className).translateCopy(chunkStarts);
        } catch (ChunkTooLarge | MethodTooLargeException | ClassTooLargeException | Refused e) {
            return null;
        }
    }

    /** Why {@link #translate} refuses {@code cf}, or null if it translates it (for tests and diagnostics). */
    public static String refusal(CompiledFunction cf, WasmModule module) {
        try {
            new Translator(cf, module, JitCode.CLASS_PREFIX + "Probe").translate(CHUNK_BUDGETS);
            return null;
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            return TOO_LARGE;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    /** A method came out larger than {@link #MAX_METHOD_BYTES}: cut the function into smaller pieces. */
    private static final class ChunkTooLarge extends RuntimeException {
        ChunkTooLarge() {
            super(null, null, false, false);
        }
    }

    /** The function cannot be translated; the interpreter runs it. */
    private static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Translator {
        private final CompiledFunction cf;
        /** The module the function belongs to: the signatures of its callees. */
        private final WasmModule module;
        private final String className;
        private final int[] code;
        private final int n;
        private final int frameSlots;
        private final int[] pcs;
        private final int[] ops;
        private final int[] heights;
        private final int[] kinds;
        private final boolean[] leader;
        private final int[] indexOfPc;
        private MethodVisitor mv;
        private Label[] labels;
        private final List<Runnable> coldCode = new ArrayList<>();
        /**
         * The common exit, entered at the exit's operand height: {@code spills[h]} writes operand slots
         * h-1 ... 0 back and falls through to the rest of the exit. Each exit jumps straight to its height's entry
         * (no switch on the height), so to the JVM's liveness analysis an operand slot is live only up to
         * exits that write it back: C1 then needs no phi for dead slots at merges (see {@link #MAX_METHOD_BYTES}).
         */
        private Label[] spills;
        /** The method (chunk) each instruction is emitted in, and the one being emitted. */
        private final int[] chunkOf;
        private int chunkCount;
        /** The first instruction of each chunk (chunks are contiguous), and n at {@code chunkCount}. */
        private int[] chunkStart;
        private int current;
        /** Where the chunk methods are entered ({@link #mainEntries}); a resume copy's methods are entered at every entry. */
        private boolean[] mainEntry;
        /** Targets of backward branches (pc indexed): where a resume copy hands over to the chunk methods. */
        private boolean[] loopHead;
        /** Whether the class being emitted is a resume copy. */
        private boolean resumeCopy;
        /** Exits to another chunk's entry, by (instruction index, height), in the chunk being emitted. */
        private final java.util.Map<Long, Label> crossings = new java.util.HashMap<>();
        /** The JVM local of each Wasm slot the chunk being emitted touches (-1: not touched). */
        private int[] jvmLocal;
        /** The Wasm locals the chunk being emitted sets: its exits write them back to the value stack. */
        private boolean[] written;
        /**
         * Whether a local.set stores only into its JVM local, the exits writing the locals back (a
         * function in one method, which leaves it only by exits), or into the value stack too (a
         * function in several, whose methods hand over to each other often and need only the slots they name).
         */
        private boolean writeBackAtExit;

        Translator(CompiledFunction cf, WasmModule module, String className) {
            this.cf = cf;
            this.module = module;
            this.className = className.replace('.', '/');
            this.code = cf.plainCode();
            this.n = cf.instructionCount();
            this.frameSlots = cf.frameSlots;
            this.pcs = new int[n];
            this.ops = new int[n];
            this.heights = new int[n];
            this.kinds = new int[n];
            this.leader = new boolean[n];
            this.chunkOf = new int[n];
            this.indexOfPc = new int[code.length + 1];
            Arrays.fill(indexOfPc, -1);
            for (int i = 0; i < n; i++) {
                pcs[i] = cf.instructionPc(i);
                ops[i] = code[pcs[i]];
                heights[i] = cf.stackHeight(i);
                indexOfPc[pcs[i]] = i;
                kinds[i] = kind(ops[i]);
            }
        }

        Translation translate(int[] budgets) {
            if (n == 0) throw new Refused("no code");
            findSegments();
            checkHeights();
            int slots = frameSlots + cf.maxStackSlots;
            if (slots > MAX_SLOTS) throw new Refused("too many locals and operands: " + slots);
            // The entry switches alone take 8 bytes per entry: refuse a function they cannot fit before any work.
            int entryCount = 0;
            for (int i = 0; i < n; i++) if (leader[i] && kinds[i] != UNTRANSLATED) entryCount++;
            if (8L * entryCount > (long) MAX_CHUNKS * MAX_METHOD_BYTES / 2) throw new Refused(TOO_LARGE);
            for (int budget : budgets) {
                if (!partition(budget)) break;
                try {
                    return emitClass(false);
                } catch (ChunkTooLarge | MethodTooLargeException e) {
                    // try smaller pieces
                }
            }
            throw new Refused(TOO_LARGE);
        }

        /** The resume copy, cut into methods at the instructions {@code starts} (the chunk methods' first ones, then n). */
        Translation translateCopy(int[] starts) {
            findSegments();
            checkHeights();
            chunkCount = starts.length - 1;
            chunkStart = starts.clone();
            for (int c = 0; c < chunkCount; c++) for (int i = starts[c]; i < starts[c + 1]; i++) chunkOf[i] = c;
            return emitClass(true);
        }

        private Translation emitClass(boolean copy) {
            // Class file version 49 (Java 5): the JVM verifies it by type inference, so the translator
            // need not compute stack map frames (ASM's COMPUTE_FRAMES took half of the translation time,
            // on the program's thread, while the translator itself still ran in the JVM's interpreter).
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            cw.visit(Opcodes.V1_5, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, className, null, BASE, null);
            MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            RuntimeContract.BASE_INIT.emit(init);
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            resumeCopy = copy;
            emitDispatch(cw);
            mainEntry = mainEntries();
            boolean[] entries = new boolean[code.length];
            int[] chunkOfPc = new int[code.length];
            int largest = 0;
            int maxLocals = 0;
            for (int c = 0; c < chunkCount; c++) {
                current = c;
                mv = cw.visitMethod(Opcodes.ACC_PRIVATE, (copy ? RESUME : CHUNK) + c, RUN_DESC, null, null);
                mv.visitCode();
                maxLocals = Math.max(maxLocals, emitRun(entries, chunkOfPc));
                Label endOfCode = new Label();
                mv.visitLabel(endOfCode);
                if (endOfCode.getOffset() > MAX_METHOD_BYTES) throw new ChunkTooLarge();
                largest = Math.max(largest, endOfCode.getOffset());
                mv.visitMaxs(0, 0);
                mv.visitEnd();
            }
            cw.visitEnd();
            byte[] bytes = cw.toByteArray();
            return new Translation(bytes, entries, mainEntry, chunkOfPc, chunkCount, chunkStart.clone(), largest,
                    STACK_PER_RUN + 8 * maxLocals);
        }

        /**
         * Where the chunk methods are entered ({@code mainEntry}, pc indexed): each method's first
         * instruction (the function's start, where the method before falls through), targets of branches
         * from another method, loop heads, and the instruction after each one translated code always
         * leaves to the machine (an instruction this tier does not translate, a call of an imported
         * function). Nowhere else: a frame a stop cut short resumes in the resume copy ({@link
         * JitCompiler#translateResumeCopy}), which hands over at the next loop head; after any other call
         * the machine declined, the interpreter runs the frame up to one of these, or the copy does once
         * the machine has declined the function's calls for good often enough ({@code JitCode.entersAt}).
         * C2 compiles an entry its profile has not seen as a trap that deoptimizes the method, and a
         * method trapped there keeps every entry open; resumed all over a function, it lost the
         * loops' single heads and ran slower for the rest of the recording.
         */
        private boolean[] mainEntries() {
            boolean[] r = new boolean[code.length];
            loopHead = new boolean[code.length];
            for (int c = 0; c < chunkCount; c++) r[pcs[chunkStart[c]]] = true;
            for (int i = 0; i < n; i++) {
                if (kinds[i] == BRANCH) {
                    for (int target : targetsOf(i)) {
                        if (chunkOf[indexOf(target)] != chunkOf[i]) r[target] = true;
                        if (target <= pcs[i]) loopHead[target] = r[target] = true;
                    }
                }
                if (i + 1 < n && (kinds[i] == UNTRANSLATED || kinds[i] == CALL_KIND && alwaysLeavesToTheMachine(i))) r[pcs[i + 1]] = true;
            }
            return r;
        }

        /** Whether the call at instruction {@code i} always exits to the machine: one of an imported function, or one {@link #call} makes an exit. */
        private boolean alwaysLeavesToTheMachine(int i) {
            return callIsAnExit(i) || ops[i] == Op.CALL && code[pcs[i] + 1] < module.importedFunctionCount();
        }

        /** The signature of the call at instruction {@code i}; null if none of the module's types has it. */
        private FuncType calleeType(int i) {
            int index = code[pcs[i] + 1];
            return ops[i] == Op.CALL ? module.functionType(index) : typeOfId(index);
        }

        /** Whether {@link #call} emits the call at instruction {@code i} as an exit to the machine. */
        private boolean callIsAnExit(int i) {
            return calleeType(i) == null || i + 1 >= n;
        }

        /**
         * {@code runChunk}: calls the chunk method its first argument names. A branch into another method
         * returns {@link #CONTINUE} (its state written back); this loop then calls the method holding the
         * target, with direct calls of this class's own methods, until one stops for another reason, or
         * until the translation is dropped ({@code chunkOf} then answers -1 and this returns {@link #INTERPRET}).
         */
        private void emitDispatch(ClassWriter cw) {
            MethodVisitor d = cw.visitMethod(Opcodes.ACC_PUBLIC, RuntimeContract.RUN_CHUNK.name(), RuntimeContract.RUN_CHUNK.descriptor(), null, null);
            d.visitCode();
            // Locals: this 0, chunk 1, m 2, s 3, fp 4, pc 5, remaining 6-7, inst 8; the reason 9.
            Label[] cases = new Label[chunkCount];
            for (int c = 0; c < chunkCount; c++) cases[c] = new Label();
            Label bad = new Label();
            Label dispatch = new Label();
            Label ran = new Label();
            d.visitLabel(dispatch);
            if (chunkCount > 1) {
                d.visitVarInsn(Opcodes.ILOAD, 1);
                d.visitTableSwitchInsn(0, chunkCount - 1, bad, cases);
            }
            for (int c = 0; c < chunkCount; c++) {
                d.visitLabel(cases[c]);
                d.visitVarInsn(Opcodes.ALOAD, 0);
                d.visitVarInsn(Opcodes.ALOAD, 2);
                d.visitVarInsn(Opcodes.ALOAD, 3);
                d.visitVarInsn(Opcodes.ILOAD, 4);
                d.visitVarInsn(Opcodes.ILOAD, 5);
                d.visitVarInsn(Opcodes.LLOAD, 6);
                d.visitVarInsn(Opcodes.ALOAD, 8);
                d.visitMethodInsn(Opcodes.INVOKESPECIAL, className, (resumeCopy ? RESUME : CHUNK) + c, RUN_DESC, false);
                if (chunkCount == 1 || resumeCopy) {
                    // One method: no branch leaves it. A resume copy hands every crossing to JitCode.run.
                    d.visitInsn(Opcodes.IRETURN);
                } else {
                    d.visitVarInsn(Opcodes.ISTORE, 9);
                    d.visitJumpInsn(Opcodes.GOTO, ran);
                }
            }
            if (chunkCount > 1 && !resumeCopy) {
                d.visitLabel(ran);
                Label crossed = new Label();
                d.visitVarInsn(Opcodes.ILOAD, 9);
                iconst(d, CONTINUE);
                d.visitJumpInsn(Opcodes.IF_ICMPEQ, crossed);
                d.visitVarInsn(Opcodes.ILOAD, 9);
                d.visitInsn(Opcodes.IRETURN);
                d.visitLabel(crossed);
                d.visitVarInsn(Opcodes.ALOAD, 2);
                RuntimeContract.PC.emit(d, Opcodes.GETFIELD);
                d.visitVarInsn(Opcodes.ISTORE, 5);
                d.visitVarInsn(Opcodes.ALOAD, 2);
                RuntimeContract.REMAINING.emit(d, Opcodes.GETFIELD);
                d.visitVarInsn(Opcodes.LSTORE, 6);
                d.visitVarInsn(Opcodes.ALOAD, 0);
                d.visitVarInsn(Opcodes.ILOAD, 5);
                RuntimeContract.CHUNK_OF.emit(d);
                d.visitVarInsn(Opcodes.ISTORE, 1);
                d.visitJumpInsn(Opcodes.GOTO, dispatch);
            }
            d.visitLabel(bad);
            // Chunk -1: the translation was taken out of use (JitCode.replace; HotSpot refused one of its
            // methods), so a branch into another method hands over to the interpreter here: the state is written
            // back at pc (the crossing wrote it; at an entry it is the machine's own).
            Label broken = new Label();
            d.visitVarInsn(Opcodes.ILOAD, 1);
            iconst(d, -1);
            d.visitJumpInsn(Opcodes.IF_ICMPNE, broken);
            d.visitVarInsn(Opcodes.ALOAD, 2);
            d.visitVarInsn(Opcodes.ILOAD, 5);
            RuntimeContract.PC.emit(d, Opcodes.PUTFIELD);
            d.visitVarInsn(Opcodes.ALOAD, 2);
            d.visitVarInsn(Opcodes.LLOAD, 6);
            RuntimeContract.REMAINING.emit(d, Opcodes.PUTFIELD);
            iconst(d, INTERPRET);
            d.visitInsn(Opcodes.IRETURN);
            d.visitLabel(broken);
            d.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            d.visitInsn(Opcodes.DUP);
            d.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            d.visitInsn(Opcodes.ATHROW);
            d.visitMaxs(0, 0);
            d.visitEnd();
        }

        // ---- cutting into methods ------------------------------------------------------------------

        /**
         * Assigns each segment to a chunk (method) so that each chunk's estimated size stays within
         * {@code budget}, preferring cuts that no loop spans (a loop cut in two would leave and re-enter
         * its method on every iteration). Returns false if that needs more than {@link #MAX_CHUNKS}.
         */
        private boolean partition(int budget) {
            // Segment starts, and the estimated bytecode size of each segment.
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i < n; i++) if (leader[i]) starts.add(i);
            int segments = starts.size();
            int[] size = new int[segments];
            for (int k = 0; k < segments; k++) {
                int from = starts.get(k);
                int end = k + 1 < segments ? starts.get(k + 1) : n;
                int bytes = 40; // budget check and exit, entry switch
                for (int i = from; i < end; i++) bytes += estimate(i);
                size[k] = bytes;
            }
            // spans[k]: how many backward branches (loops) jump across the boundary before segment k.
            int[] spans = new int[segments + 1];
            int[] segmentOf = new int[n];
            for (int k = 0; k < segments; k++) {
                int end = k + 1 < segments ? starts.get(k + 1) : n;
                for (int i = starts.get(k); i < end; i++) segmentOf[i] = k;
            }
            for (int i = 0; i < n; i++) {
                if (kinds[i] != BRANCH) continue;
                for (int target : targetsOf(i)) {
                    int t = indexOf(target);
                    if (t <= i) {
                        spans[segmentOf[t] + 1]++;
                        spans[segmentOf[i] + 1]--;
                    }
                }
            }
            for (int k = 1; k <= segments; k++) spans[k] += spans[k - 1];
            // Per-method costs that do not depend on the segments: filling and spilling the frame.
            int fixed = 100 + 16 * cf.maxStackSlots;
            int[] chunkOfSegment = new int[segments];
            int[] startOfChunk = new int[segments + 1];
            int chunk = 0;
            int k = 0;
            while (k < segments) {
                int first = k;
                startOfChunk[chunk] = starts.get(first);
                int total = fixed + size[k];
                k++;
                while (k < segments && total + size[k] <= budget) total += size[k++];
                if (k < segments) {
                    // Cut at the boundary, in the latter two thirds of this chunk, that the fewest loops span.
                    int best = k;
                    int running = fixed;
                    for (int b = first + 1; b <= k; b++) {
                        running += size[b - 1];
                        if (running < budget / 3) continue;
                        if (spans[b] <= spans[best]) best = b;
                    }
                    k = best;
                }
                for (int j = first; j < k; j++) chunkOfSegment[j] = chunk;
                chunk++;
                if (chunk > MAX_CHUNKS) return false;
            }
            chunkCount = chunk;
            startOfChunk[chunk] = n;
            chunkStart = Arrays.copyOf(startOfChunk, chunk + 1);
            for (int i = 0; i < n; i++) chunkOf[i] = chunkOfSegment[segmentOf[i]];
            return true;
        }

        /** Rough bytecode bytes instruction {@code i} takes, handlers included. */
        private int estimate(int i) {
            int op = ops[i];
            if (op >= Op.I32_LOAD && op <= Op.I64_STORE32) return 45;
            // A local the chunk touches costs a fill at entry, and each local.set a store to the value stack
            // (in a function of several methods; in one method, its exits write the locals back instead).
            if (op >= Op.LOCAL_GET && op <= Op.LOCAL_TEE) return 28;
            if (op == Op.BR_TABLE) return 16 + 12 * code[pcs[i] + 1];
            if (op == Op.CALL || op == Op.CALL_INDIRECT) {
                FuncType t = calleeType(i);
                // jitEnter, the callee's runChunk, jitLeave, and the declined and unwinding exits: about 95 bytes.
                return 100 + 8 * (t == null ? 0 : t.paramSlots() + t.resultSlots());
            }
            if (op == Op.RETURN) return 30 + 10 * cf.resultSlots;
            if (kinds[i] == LINEAR && op >= 0x45 && OpcodeTable.of(op).traps()) return 45;
            // Numeric instructions other than the integer core (floating point, conversions, sign extensions)
            // keep the weight they had when they spilled to the value stack: the chunk budgets (CHUNK_BUDGETS)
            // were measured against C1's frame limit (C1TranslationsTest) with these estimates.
            if (kinds[i] == LINEAR && op >= 0x45 && OpcodeTable.of(op).isNumeric() && !integerCore(op)) return 60;
            return 12;
        }

        /** i32/i64 comparisons and arithmetic, wrap and extend_i32: the numeric instructions of most compiled C. */
        private static boolean integerCore(int op) {
            return op >= 0x45 && op <= 0x5A || op >= 0x67 && op <= 0x8A || op == 0xA7 || op == 0xAC || op == 0xAD;
        }

        private int[] targetsOf(int i) {
            return OpcodeTable.branchTargets(code, pcs[i]);
        }

        // ---- analysis -----------------------------------------------------------------------------

        /** The instruction's kind, from its flow in the table; which instructions are translated is this tier's choice. */
        static int kind(int op) {
            Opcode o = OpcodeTable.of(op);
            if (o == null) return UNTRANSLATED;
            switch (o.flow()) {
                case BRANCH: return BRANCH;
                case CALL: return CALL_KIND;
                case RETURN: return RETURN_KIND;
                case TRAP: return NO_FALLTHROUGH;
                default: return translated(o) ? LINEAR : UNTRANSLATED;
            }
        }

        /**
         * Instructions that fall through and are translated: those common in compiled C. Tables, references,
         * memory.size/grow (translated code keeps the memory as it is), bulk memory and SIMD are left to the interpreter.
         */
        private static boolean translated(Opcode o) {
            switch (o.code()) {
                case Op.NOP: case Op.DROP: case Op.DROP_V128: case Op.SELECT: case Op.SELECT_V128:
                case Op.LOCAL_GET: case Op.LOCAL_SET: case Op.LOCAL_TEE:
                case Op.LOCAL_GET_V128: case Op.LOCAL_SET_V128: case Op.LOCAL_TEE_V128:
                case Op.GLOBAL_GET: case Op.GLOBAL_SET: case Op.GLOBAL_GET_V128: case Op.GLOBAL_SET_V128:
                case Op.I32_CONST: case Op.I64_CONST: case Op.F32_CONST: case Op.F64_CONST:
                    return true;
                default:
                    return o.isMemoryAccess() || o.isNumeric();
            }
        }

        private int indexOf(int targetPc) {
            int i = targetPc >= 0 && targetPc < indexOfPc.length ? indexOfPc[targetPc] : -1;
            if (i < 0) throw new Refused("branch into the middle of an instruction");
            return i;
        }

        private void findSegments() {
            leader[0] = true;
            for (int i = 0; i < n; i++) {
                switch (kinds[i]) {
                    case BRANCH -> {
                        for (int target : targetsOf(i)) leader[indexOf(target)] = true;
                        // A conditional branch's fall-through continues its segment (taken, it gives
                        // back the steps it skips); after an unconditional one a new segment starts.
                        if (i + 1 < n && !conditional(ops[i])) leader[i + 1] = true;
                    }
                    case CALL_KIND, RETURN_KIND, NO_FALLTHROUGH -> {
                        if (i + 1 < n) leader[i + 1] = true;
                    }
                    case UNTRANSLATED -> {
                        leader[i] = true;
                        if (i + 1 < n) leader[i + 1] = true;
                    }
                    default -> {
                    }
                }
            }
            // Cut long straight-line runs so that any segment fits in one method.
            int run = 0;
            for (int i = 0; i < n; i++) {
                run = leader[i] ? 0 : run + 1;
                if (run >= MAX_SEGMENT) {
                    leader[i] = true;
                    run = 0;
                }
            }
        }

        /**
         * The recorded stack heights must agree with each instruction's effect (a translation built on a
         * wrong height would corrupt the stack silently): check every fall-through and branch edge that
         * this tier can compute.
         */
        private void checkHeights() {
            for (int i = 0; i < n; i++) {
                int h = heights[i];
                int pc = pcs[i];
                int op = ops[i];
                if (h < 0 || h > cf.maxStackSlots) throw new Refused("height out of range");
                switch (kinds[i]) {
                    case LINEAR -> expectNext(i, h + effect(op));
                    case BRANCH -> {
                        switch (op) {
                            case Op.BR -> expectAt(code[pc + 1], h);
                            case Op.BR_IF, Op.BR_UNLESS -> {
                                expectAt(code[pc + 1], h - 1);
                                expectNext(i, h - 1);
                            }
                            case Op.BR_ADJ -> expectAt(code[pc + 1], code[pc + 3] - frameSlots + code[pc + 2]);
                            case Op.BR_IF_ADJ -> {
                                expectAt(code[pc + 1], code[pc + 3] - frameSlots + code[pc + 2]);
                                expectNext(i, h - 1);
                            }
                            default -> { // BR_TABLE
                                int count = code[pc + 1];
                                for (int e = 0; e <= count; e++) {
                                    int at = pc + 2 + 3 * e;
                                    int keep = code[at + 1];
                                    if (keep > h - 1) throw new Refused("br_table keeps more than the stack holds");
                                    expectAt(code[at], code[at + 2] - frameSlots + keep);
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        private void expectNext(int i, int height) {
            if (i + 1 < n && heights[i + 1] != height) throw new Refused("stack height mismatch after instruction " + i);
        }

        private void expectAt(int targetPc, int height) {
            int t = indexOf(targetPc);
            if (heights[t] == height) return;
            // A branch out of the function goes to its closing return with whatever lies below the
            // results (the return moves them down): allowed, given a return stub for that height.
            if (ops[t] == Op.RETURN && height >= cf.resultSlots) return;
            throw new Refused("stack height mismatch at branch target " + targetPc);
        }

        /** Change of the stack height, in slots, made by a LINEAR instruction. */
        private static int effect(int op) {
            return OpcodeTable.of(op).stackEffect();
        }

        // ---- emission ------------------------------------------------------------------------------

        /** Emits the chunk method {@link #current}: its entries go into {@code entries} and {@code chunkOfPc}. Returns its count of JVM locals. */
        private int emitRun(boolean[] entries, int[] chunkOfPc) {
            // Only this chunk's instructions are visited (a loop over the whole function per chunk made
            // translating a big function quadratic, and the translator one of C2's longest compilations).
            int first = chunkStart[current];
            int last = chunkStart[current + 1] - 1;
            labels = new Label[n];
            for (int i = first; i <= last; i++) if (leader[i]) labels[i] = new Label();
            spills = new Label[cf.maxStackSlots + 1];
            for (int h = 0; h <= cf.maxStackSlots; h++) spills[h] = new Label();
            coldCode.clear();
            returnStubs.clear();
            crossings.clear();
            // The slots this chunk touches: every operand slot, and the locals its instructions name
            // (the others stay in the value stack while it runs).
            boolean[] used = new boolean[frameSlots + cf.maxStackSlots];
            for (int k = frameSlots; k < used.length; k++) used[k] = true;
            written = new boolean[frameSlots];
            writeBackAtExit = chunkCount == 1;
            for (int i = first; i <= last; i++) {
                int op = ops[i];
                int width = op == Op.LOCAL_GET_V128 || op == Op.LOCAL_SET_V128 || op == Op.LOCAL_TEE_V128 ? 2 : 1;
                if (op == Op.LOCAL_GET || op == Op.LOCAL_GET_V128 || op == Op.LOCAL_SET || op == Op.LOCAL_SET_V128
                        || op == Op.LOCAL_TEE || op == Op.LOCAL_TEE_V128) {
                    int slot = code[pcs[i] + 1];
                    for (int w = 0; w < width; w++) used[slot + w] = true;
                    if (writeBackAtExit && op != Op.LOCAL_GET && op != Op.LOCAL_GET_V128) for (int w = 0; w < width; w++) written[slot + w] = true;
                }
            }

            // memory.grow is left to the interpreter, so the memory stays as it is while translated code runs.
            mv.visitVarInsn(Opcodes.ALOAD, INST);
            RuntimeContract.MEMORY.emit(mv);
            mv.visitInsn(Opcodes.DUP);
            RuntimeContract.MEMORY_WORDS.emit(mv, Opcodes.GETFIELD);
            mv.visitVarInsn(Opcodes.ASTORE, MB);
            mv.visitInsn(Opcodes.DUP);
            RuntimeContract.MEMORY_DIRTY.emit(mv, Opcodes.GETFIELD);
            mv.visitVarInsn(Opcodes.ASTORE, DB);
            RuntimeContract.MEMORY_SIZE.emit(mv, Opcodes.GETFIELD);
            mv.visitVarInsn(Opcodes.LSTORE, MS);
            mv.visitVarInsn(Opcodes.ALOAD, INST);
            RuntimeContract.GLOBALS.emit(mv, Opcodes.GETFIELD);
            mv.visitVarInsn(Opcodes.ASTORE, GLOBALS);
            // Locals the exits read must be definitely assigned on every path.
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, EXIT_PC);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, EXIT_HEIGHT);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, REASON);

            // The used slots come in from the value stack (above the live height they hold stale values,
            // which nothing reads); then a jump to the segment that starts at pc.
            jvmLocal = new int[used.length];
            int next = VALUES;
            for (int k = 0; k < used.length; k++) {
                jvmLocal[k] = used[k] ? next : -1;
                if (used[k]) next += 2;
            }
            for (int k = 0; k < used.length; k++) if (used[k]) fill(k);
            List<Integer> keys = new ArrayList<>();
            List<Label> targets = new ArrayList<>();
            for (int i = first; i <= last; i++) {
                if (leader[i] && kinds[i] != UNTRANSLATED) {
                    if (resumeCopy || mainEntry[pcs[i]]) {
                        keys.add(pcs[i]);
                        targets.add(labels[i]);
                    }
                    entries[pcs[i]] = true;
                    chunkOfPc[pcs[i]] = current;
                }
            }
            Label bad = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, PC);
            mv.visitLookupSwitchInsn(bad, keys.stream().mapToInt(Integer::intValue).toArray(), targets.toArray(new Label[0]));

            int i = first;
            while (i <= last) {
                int end = i + 1;
                while (end < n && !leader[end]) end++;
                emitSegment(i, end);
                i = end;
            }
            if (last + 1 < n) {
                // Falling through into the next chunk's first segment.
                mv.visitJumpInsn(Opcodes.GOTO, labelAt(pcs[last + 1], heights[last + 1]));
            } else {
                // Falling off the end cannot happen (validated code ends in a return), but the verifier wants an end.
                unreachableCode();
            }

            mv.visitLabel(bad);
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            mv.visitInsn(Opcodes.DUP);
            mv.visitLdcInsn("not an entry pc");
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
            mv.visitInsn(Opcodes.ATHROW);

            for (Runnable r : coldCode) r.run();

            // Common exit: the operands below the exit height go back to the value stack (entering the
            // chain at that height, falling through to the first), then the locals this method sets if
            // it writes them back here ({@code writeBackAtExit}): the value stack needs them only once
            // the frame leaves the method (an exit of any kind, unwinding), which is always here.
            for (int h = cf.maxStackSlots; h >= 1; h--) {
                mv.visitLabel(spills[h]);
                spill(frameSlots + h - 1);
            }
            mv.visitLabel(spills[0]);
            for (int k = 0; k < frameSlots; k++) if (written[k]) spill(k);
            // Unwinding after a callee stopped: the callee's exit already wrote the pc, stack pointer and budget.
            Label ownExit = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, REASON);
            iconst(UNWINDING);
            mv.visitJumpInsn(Opcodes.IF_ICMPLT, ownExit);
            mv.visitVarInsn(Opcodes.ILOAD, REASON);
            iconst(UNWINDING);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(ownExit);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.ILOAD, EXIT_PC);
            RuntimeContract.PC.emit(mv, Opcodes.PUTFIELD);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.ILOAD, FP);
            mv.visitVarInsn(Opcodes.ILOAD, EXIT_HEIGHT);
            mv.visitInsn(Opcodes.IADD);
            RuntimeContract.SP.emit(mv, Opcodes.PUTFIELD);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
            RuntimeContract.REMAINING.emit(mv, Opcodes.PUTFIELD);
            mv.visitVarInsn(Opcodes.ILOAD, REASON);
            mv.visitInsn(Opcodes.IRETURN);
            return next;
        }

        /** Emits instructions [from, end) as one segment. */
        private void emitSegment(int from, int end) {
            mv.visitLabel(labels[from]);
            // Stop as soon as the method is past the JVM's limit rather than translate all of a huge
            // function only to be refused at the end (ASM's cost per jump grows with the jumps to a label).
            if (labels[from].getOffset() > MAX_METHOD_BYTES) throw new ChunkTooLarge();
            if (kinds[from] == UNTRANSLATED) {
                exit(pcs[from], heights[from], INTERPRET);
                return;
            }
            // remaining = JitBudget.charge(remaining, length), which throws if the budget cannot hold the
            // segment: a branch shared by all translated code (see JitBudget), not one per segment.
            Label start = new Label();
            Label charged = new Label();
            Label noBudget = new Label();
            mv.visitTryCatchBlock(start, charged, noBudget, RuntimeContract.BUDGET_EXHAUSTED);
            mv.visitLabel(start);
            mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
            lconst(end - from);
            RuntimeContract.BUDGET_CHARGE.emit(mv);
            mv.visitLabel(charged);
            mv.visitVarInsn(Opcodes.LSTORE, REMAINING);
            int segmentPc = pcs[from];
            int segmentHeight = heights[from];
            coldCode.add(() -> {
                mv.visitLabel(noBudget);
                mv.visitInsn(Opcodes.POP);
                exit(segmentPc, segmentHeight, BUDGET);
            });
            for (int i = from; i < end; i++) emitInstruction(i, end - i);
        }

        /**
         * A call: the arguments go to the value stack (where they become the callee's first locals) and
         * the machine runs the callee (see the class comment). On {@link #RETURNED} the results come back
         * into their slots and the next segment runs; if the machine declines the call ({@code jitEnter}
         * returns null), the call exits to the machine as an untranslated call would; any other reason
         * unwinds this frame.
         */
        private void call(int i, boolean indirect) {
            int pc = pcs[i];
            int returnPc = pc + (indirect ? 3 : 2);
            int height = heights[i];
            int reason = indirect ? CALL_INDIRECT : CALL;
            if (callIsAnExit(i)) {
                exit(returnPc, height, reason);
                return;
            }
            FuncType type = calleeType(i);
            int top = frameSlots + height;
            int args = top - (indirect ? 1 : 0) - type.paramSlots();
            for (int k = args; k < args + type.paramSlots(); k++) spill(k);
            // callee = m.jitEnter(...): the callee's frame pushed, or null when the machine declines.
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.ALOAD, INST);
            if (indirect) {
                iconst(code[pc + 1]);
                iconst(code[pc + 2]);
                load(top - 1);
                mv.visitInsn(Opcodes.L2I);
            } else {
                iconst(code[pc + 1]);
            }
            slotIndex(args);
            iconst(returnPc);
            (indirect ? RuntimeContract.ENTER_INDIRECT : RuntimeContract.ENTER).emit(mv);
            mv.visitVarInsn(Opcodes.ASTORE, CALLEE);
            Label declined = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, CALLEE);
            mv.visitJumpInsn(Opcodes.IFNULL, declined);
            // reason = callee.runChunk(0, ...), from its first method, called here so that HotSpot profiles
            // (and can inline) each call site on its own.
            mv.visitVarInsn(Opcodes.ALOAD, CALLEE);
            iconst(0);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.ALOAD, S);
            slotIndex(args);
            iconst(0);
            mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
            mv.visitVarInsn(Opcodes.ALOAD, INST);
            RuntimeContract.RUN_CHUNK.emit(mv);
            mv.visitVarInsn(Opcodes.ISTORE, REASON);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.ALOAD, CALLEE);
            mv.visitVarInsn(Opcodes.ILOAD, REASON);
            RuntimeContract.LEAVE.emit(mv);
            mv.visitVarInsn(Opcodes.ISTORE, REASON);
            Label stopped = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, REASON);
            iconst(RETURNED);
            mv.visitJumpInsn(Opcodes.IF_ICMPNE, stopped);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            RuntimeContract.REMAINING.emit(mv, Opcodes.GETFIELD);
            mv.visitVarInsn(Opcodes.LSTORE, REMAINING);
            for (int k = args; k < args + type.resultSlots(); k++) fill(k);
            mv.visitJumpInsn(Opcodes.GOTO, labelAt(pcs[i + 1], heights[i + 1]));
            coldCode.add(() -> {
                // The machine declined: the call exits to it, as an untranslated call does.
                mv.visitLabel(declined);
                exit(returnPc, height, reason);
                // The callee stopped: this frame goes back to the value stack below the arguments.
                mv.visitLabel(stopped);
                iconst(args);
                mv.visitVarInsn(Opcodes.ISTORE, EXIT_HEIGHT);
                mv.visitVarInsn(Opcodes.ILOAD, REASON);
                iconst(UNWINDING);
                mv.visitInsn(Opcodes.IADD);
                mv.visitVarInsn(Opcodes.ISTORE, REASON);
                mv.visitJumpInsn(Opcodes.GOTO, spills[args - frameSlots]);
            });
        }

        /** The signature call_indirect's type id names, or null if none of the module's types has it. */
        private FuncType typeOfId(int typeId) {
            for (FuncType t : module.types()) if (TypeIds.of(t) == typeId) return t;
            return null;
        }

        /**
         * A return at operand height {@code height}: the results go straight to the frame base, where the
         * caller expects them (the frame's other slots are dead), and the code exits with {@link #RETURN}.
         */
        private void returnExit(int pc, int height) {
            int results = cf.resultSlots;
            for (int k = 0; k < results; k++) {
                mv.visitVarInsn(Opcodes.ALOAD, S);
                slotIndex(k);
                load(frameSlots + height - results + k);
                mv.visitInsn(Opcodes.LASTORE);
            }
            mv.visitVarInsn(Opcodes.ALOAD, M);
            iconst(pc);
            RuntimeContract.PC.emit(mv, Opcodes.PUTFIELD);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            slotIndex(results);
            RuntimeContract.SP.emit(mv, Opcodes.PUTFIELD);
            mv.visitVarInsn(Opcodes.ALOAD, M);
            mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
            RuntimeContract.REMAINING.emit(mv, Opcodes.PUTFIELD);
            iconst(RETURN);
            mv.visitInsn(Opcodes.IRETURN);
        }

        private void unreachableCode() {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            mv.visitInsn(Opcodes.ATHROW);
        }

        /** Sets the exit locals and jumps to the common exit. */
        private void exit(int pc, int height, int reason) {
            iconst(pc);
            mv.visitVarInsn(Opcodes.ISTORE, EXIT_PC);
            iconst(frameSlots + height);
            mv.visitVarInsn(Opcodes.ISTORE, EXIT_HEIGHT);
            iconst(reason);
            mv.visitVarInsn(Opcodes.ISTORE, REASON);
            mv.visitJumpInsn(Opcodes.GOTO, spills[height]);
        }

        /**
         * Emits instruction {@code i}; {@code unexecuted} is how many steps of its segment, this one
         * included, have not run when it starts (the budget was charged for the whole segment).
         */
        private void emitInstruction(int i, int unexecuted) {
            int pc = pcs[i];
            int op = ops[i];
            int top = frameSlots + heights[i]; // slot index (from fp) of the first free slot
            switch (op) {
                case Op.NOP, Op.DROP, Op.DROP_V128 -> {
                }
                case Op.LOCAL_GET -> copy(code[pc + 1], top);
                case Op.LOCAL_SET, Op.LOCAL_TEE -> {
                    copy(top - 1, code[pc + 1]);
                    if (!writeBackAtExit) spill(code[pc + 1]);
                }
                case Op.LOCAL_GET_V128 -> {
                    copy(code[pc + 1], top);
                    copy(code[pc + 1] + 1, top + 1);
                }
                case Op.LOCAL_SET_V128, Op.LOCAL_TEE_V128 -> {
                    copy(top - 2, code[pc + 1]);
                    copy(top - 1, code[pc + 1] + 1);
                    if (!writeBackAtExit) {
                        spill(code[pc + 1]);
                        spill(code[pc + 1] + 1);
                    }
                }
                case Op.GLOBAL_GET -> getGlobal(code[pc + 1], RuntimeContract.GLOBAL_LO, top);
                case Op.GLOBAL_SET -> setGlobal(code[pc + 1], RuntimeContract.GLOBAL_LO, top - 1);
                case Op.GLOBAL_GET_V128 -> {
                    getGlobal(code[pc + 1], RuntimeContract.GLOBAL_LO, top);
                    getGlobal(code[pc + 1], RuntimeContract.GLOBAL_HI, top + 1);
                }
                case Op.GLOBAL_SET_V128 -> {
                    setGlobal(code[pc + 1], RuntimeContract.GLOBAL_LO, top - 2);
                    setGlobal(code[pc + 1], RuntimeContract.GLOBAL_HI, top - 1);
                }
                case Op.I32_CONST -> constant(top, code[pc + 1]);
                case Op.I64_CONST, Op.F64_CONST -> constant(top, (code[pc + 1] & 0xFFFFFFFFL) | ((long) code[pc + 2] << 32));
                case Op.F32_CONST -> constant(top, code[pc + 1] & 0xFFFFFFFFL);
                case Op.SELECT, Op.SELECT_V128 -> {
                    // The condition on top; below it the second value, then the first, each one slot or two.
                    int width = op == Op.SELECT ? 1 : 2;
                    Label keepFirst = new Label();
                    load(top - 1);
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitJumpInsn(Opcodes.IFNE, keepFirst);
                    for (int k = 0; k < width; k++) copy(top - 1 - width + k, top - 1 - 2 * width + k);
                    mv.visitLabel(keepFirst);
                }
                case Op.BR -> mv.visitJumpInsn(Opcodes.GOTO, labelAt(code[pc + 1], heights[i]));
                case Op.BR_IF, Op.BR_UNLESS -> {
                    load(top - 1);
                    mv.visitInsn(Opcodes.L2I);
                    if (unexecuted == 1) {
                        mv.visitJumpInsn(op == Op.BR_IF ? Opcodes.IFNE : Opcodes.IFEQ, labelAt(code[pc + 1], heights[i] - 1));
                    } else {
                        Label fallThrough = new Label();
                        mv.visitJumpInsn(op == Op.BR_IF ? Opcodes.IFEQ : Opcodes.IFNE, fallThrough);
                        refund(unexecuted - 1);
                        mv.visitJumpInsn(Opcodes.GOTO, labelAt(code[pc + 1], heights[i] - 1));
                        mv.visitLabel(fallThrough);
                    }
                }
                case Op.BR_ADJ -> branchAdjusting(code[pc + 1], code[pc + 2], code[pc + 3], top);
                case Op.BR_IF_ADJ -> {
                    Label fallThrough = new Label();
                    load(top - 1);
                    mv.visitInsn(Opcodes.L2I);
                    mv.visitJumpInsn(Opcodes.IFEQ, fallThrough);
                    refund(unexecuted - 1);
                    branchAdjusting(code[pc + 1], code[pc + 2], code[pc + 3], top - 1);
                    mv.visitLabel(fallThrough);
                }
                case Op.BR_TABLE -> branchTable(pc, top);
                case Op.RETURN -> {
                    if (heights[i] >= cf.resultSlots) {
                        returnExit(pc, heights[i]);
                    } else {
                        // The function's closing return after code that never falls through (its recorded
                        // height is that of the unreachable stack): it never runs.
                        unreachableCode();
                    }
                }
                case Op.CALL -> call(i, false);
                case Op.CALL_INDIRECT -> call(i, true);
                case Op.UNREACHABLE -> trapping(i, unexecuted, () -> {
                    RuntimeContract.UNREACHABLE.emit(mv);
                    mv.visitInsn(Opcodes.ATHROW);
                });
                default -> {
                    if (op >= Op.I32_LOAD && op <= Op.I64_LOAD32_U) {
                        trapping(i, unexecuted, () -> {
                            mv.visitVarInsn(Opcodes.ALOAD, MB);
                            mv.visitVarInsn(Opcodes.LLOAD, MS);
                            load(top - 1);
                            iconst(code[pc + 1]);
                            loadHelper(op).emit(mv);
                            store(top - 1);
                        });
                    } else if (op >= Op.I32_STORE && op <= Op.I64_STORE32) {
                        trapping(i, unexecuted, () -> {
                            mv.visitVarInsn(Opcodes.ALOAD, MB);
                            mv.visitVarInsn(Opcodes.ALOAD, DB);
                            mv.visitVarInsn(Opcodes.LLOAD, MS);
                            load(top - 2);
                            iconst(code[pc + 1]);
                            load(top - 1);
                            storeHelper(op).emit(mv);
                        });
                    } else {
                        numeric(i, unexecuted, op, top);
                    }
                }
            }
        }

        /** A numeric instruction: a static call of the method both tiers run for it (see {@code runtime.Semantics}). */
        private void numeric(int i, int unexecuted, int op, int top) {
            Opcode o = OpcodeTable.of(op);
            int arity = o.pops().length;
            Runnable body = () -> {
                for (int k = arity; k >= 1; k--) load(top - k);
                RuntimeContract.semantics(o).emit(mv);
                store(top - arity);
            };
            if (o.traps()) trapping(i, unexecuted, body);
            else body.run();
        }

        /**
         * Emits {@code body} covered by a handler that, if it throws a trap, leaves the state before
         * instruction {@code i}: its pc, its stack height, and the steps of the segment not run given back.
         */
        private void trapping(int i, int unexecuted, Runnable body) {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, TRAP);
            mv.visitLabel(start);
            body.run();
            mv.visitLabel(end);
            int pc = pcs[i];
            int height = heights[i];
            coldCode.add(() -> {
                mv.visitLabel(handler);
                mv.visitVarInsn(Opcodes.ASTORE, CAUGHT);
                mv.visitVarInsn(Opcodes.ALOAD, M);
                mv.visitVarInsn(Opcodes.ALOAD, CAUGHT);
                RuntimeContract.CAUGHT_TRAP.emit(mv, Opcodes.PUTFIELD);
                refund(unexecuted);
                exit(pc, height, TRAPPED);
            });
        }

        /**
         * Gives back {@code steps} the segment's charge included but that will not run in it: those a
         * taken branch skips, or those from a trapping instruction on.
         */
        private void refund(int steps) {
            if (steps == 0) return;
            mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
            lconst(steps);
            mv.visitInsn(Opcodes.LADD);
            mv.visitVarInsn(Opcodes.LSTORE, REMAINING);
        }

        private static boolean conditional(int op) {
            return op == Op.BR_IF || op == Op.BR_UNLESS || op == Op.BR_IF_ADJ;
        }

        /** A taken branch that moves {@code keep} slots from the top of a stack of height {@code top} down to {@code height}. */
        private void branchAdjusting(int target, int keep, int height, int top) {
            if (height != top - keep) {
                for (int k = 0; k < keep; k++) copy(top - keep + k, height + k);
            }
            mv.visitJumpInsn(Opcodes.GOTO, labelAt(target, height + keep - frameSlots));
        }

        private void branchTable(int pc, int top) {
            int count = code[pc + 1];
            int after = top - 1; // the index is popped first
            // A case that moves no values jumps straight to its target; the others get a stub that moves them first.
            Label[] cases = new Label[count + 1];
            boolean[] stub = new boolean[count + 1];
            for (int e = 0; e <= count; e++) {
                int at = pc + 2 + 3 * e;
                stub[e] = code[at + 2] != after - code[at + 1];
                cases[e] = stub[e] ? new Label() : labelAt(code[at], after - frameSlots);
            }
            Label fallback = cases[count];
            load(top - 1);
            mv.visitInsn(Opcodes.L2I);
            if (count > 0) {
                mv.visitTableSwitchInsn(0, count - 1, fallback, Arrays.copyOf(cases, count));
            } else {
                mv.visitInsn(Opcodes.POP);
                mv.visitJumpInsn(Opcodes.GOTO, fallback);
            }
            for (int e = 0; e <= count; e++) {
                if (!stub[e]) continue;
                int at = pc + 2 + 3 * e;
                mv.visitLabel(cases[e]);
                branchAdjusting(code[at], code[at + 1], code[at + 2], after);
            }
        }

        /** The label a branch arriving with operand height {@code height} jumps to. */
        private Label labelAt(int targetPc, int height) {
            int t = indexOf(targetPc);
            // A resume copy leaves at the first loop head it branches to: the chunk method goes on from there.
            if (heights[t] == height && chunkOf[t] == current && !(resumeCopy && loopHead[targetPc])) return labels[t];
            if (heights[t] == height) {
                // In another chunk (or the chunk methods, from a resume copy): leave this method with the state
                // written back; runChunk (JitCode.run, from a resume copy) enters that one.
                return crossings.computeIfAbsent(((long) t << 32) | height, key -> {
                    Label stub = new Label();
                    coldCode.add(() -> {
                        mv.visitLabel(stub);
                        exit(pcs[t], height, kinds[t] == UNTRANSLATED ? INTERPRET : CONTINUE);
                    });
                    return stub;
                });
            }
            // The function's closing return, reached with more below the results (see expectAt): a stub
            // that is that return at this height (one step, as the return itself).
            return returnStubs.computeIfAbsent(((long) t << 32) | height, key -> {
                Label stub = new Label();
                int returnPc = pcs[t];
                coldCode.add(() -> {
                    mv.visitLabel(stub);
                    Label noBudget = new Label();
                    mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
                    mv.visitInsn(Opcodes.LCONST_1);
                    mv.visitInsn(Opcodes.LCMP);
                    mv.visitJumpInsn(Opcodes.IFLT, noBudget);
                    mv.visitVarInsn(Opcodes.LLOAD, REMAINING);
                    mv.visitInsn(Opcodes.LCONST_1);
                    mv.visitInsn(Opcodes.LSUB);
                    mv.visitVarInsn(Opcodes.LSTORE, REMAINING);
                    returnExit(returnPc, height);
                    mv.visitLabel(noBudget);
                    exit(returnPc, height, BUDGET);
                });
                return stub;
            });
        }

        private final java.util.Map<Long, Label> returnStubs = new java.util.HashMap<>();

        // ---- value stack access: s[fp + slot] ----------------------------------------------------------

        private void slotIndex(int slot) {
            mv.visitVarInsn(Opcodes.ILOAD, FP);
            if (slot != 0) {
                iconst(slot);
                mv.visitInsn(Opcodes.IADD);
            }
        }

        // Each Wasm slot (local or operand) lives in a JVM long local while translated code runs, so
        // HotSpot can keep it in a register; the value stack array holds it at entries and exits.

        private int local(int slot) {
            return jvmLocal[slot];
        }

        private void load(int slot) {
            mv.visitVarInsn(Opcodes.LLOAD, local(slot));
        }

        private void store(int slot) {
            mv.visitVarInsn(Opcodes.LSTORE, local(slot));
        }

        /** s[fp + slot] = the slot's local. */
        private void spill(int slot) {
            mv.visitVarInsn(Opcodes.ALOAD, S);
            slotIndex(slot);
            load(slot);
            mv.visitInsn(Opcodes.LASTORE);
        }

        /** The slot's local = s[fp + slot]. */
        private void fill(int slot) {
            mv.visitVarInsn(Opcodes.ALOAD, S);
            slotIndex(slot);
            mv.visitInsn(Opcodes.LALOAD);
            store(slot);
        }

        private void copy(int from, int to) {
            load(from);
            store(to);
        }

        private void constant(int slot, long value) {
            lconst(value);
            store(slot);
        }

        private void getGlobal(int index, RuntimeContract.Field field, int slot) {
            mv.visitVarInsn(Opcodes.ALOAD, GLOBALS);
            iconst(index);
            mv.visitInsn(Opcodes.AALOAD);
            field.emit(mv, Opcodes.GETFIELD);
            store(slot);
        }

        private void setGlobal(int index, RuntimeContract.Field field, int slot) {
            mv.visitVarInsn(Opcodes.ALOAD, GLOBALS);
            iconst(index);
            mv.visitInsn(Opcodes.AALOAD);
            load(slot);
            field.emit(mv, Opcodes.PUTFIELD);
        }

        private void iconst(int v) {
            iconst(mv, v);
        }

        private static void iconst(MethodVisitor mv, int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(Opcodes.ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(Opcodes.BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(Opcodes.SIPUSH, v);
            else mv.visitLdcInsn(v);
        }

        private void lconst(long v) {
            if (v == 0) mv.visitInsn(Opcodes.LCONST_0);
            else if (v == 1) mv.visitInsn(Opcodes.LCONST_1);
            else mv.visitLdcInsn(v);
        }

        private static RuntimeContract.Call loadHelper(int op) {
            switch (op) {
                case Op.I32_LOAD: case Op.I64_LOAD32_S: return RuntimeContract.LOAD_I32;
                case Op.I64_LOAD: case Op.F64_LOAD: return RuntimeContract.LOAD_I64;
                case Op.F32_LOAD: case Op.I64_LOAD32_U: return RuntimeContract.LOAD_U32;
                case Op.I32_LOAD8_S: case Op.I64_LOAD8_S: return RuntimeContract.LOAD_S8;
                case Op.I32_LOAD8_U: case Op.I64_LOAD8_U: return RuntimeContract.LOAD_U8;
                case Op.I32_LOAD16_S: case Op.I64_LOAD16_S: return RuntimeContract.LOAD_S16;
                default: return RuntimeContract.LOAD_U16;
            }
        }

        private static RuntimeContract.Call storeHelper(int op) {
            switch (op) {
                case Op.I32_STORE: case Op.F32_STORE: case Op.I64_STORE32: return RuntimeContract.STORE_32;
                case Op.I64_STORE: case Op.F64_STORE: return RuntimeContract.STORE_64;
                case Op.I32_STORE8: case Op.I64_STORE8: return RuntimeContract.STORE_8;
                default: return RuntimeContract.STORE_16;
            }
        }
    }
}
