package io.backstep.engine.jit;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.WasmFunction;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A Wasm function translated to a JVM class by {@link JitCompiler}: the JIT tier. Translated code holds
 * the frame's slots in JVM locals while it runs and writes them back to the machine's value stack, where
 * the interpreter keeps them, at every exit, so at each exit the machine state is exactly the
 * interpreter's, and the interpreter, snapshots and the debugger need not know which tier ran. It never
 * runs past its step budget and leaves each instruction it does not translate to the interpreter. A call
 * goes through the machine's {@code jitEnter}, which pushes the callee's frame as data, and the call site
 * runs the callee's translation as a JVM call; when anything stops the callee, every translated frame
 * on the way out writes itself back. The machine translates a function once it is hot ({@link Machine#setJitThreshold}).
 *
 * <p>Subclasses are generated, hidden classes defined in the runtime's package ({@link #DEFINE_IN}): translated
 * code is the machine's frames run as JVM code, and reaches the machine's state as the interpreter does,
 * without that state being public. Everything else of the JIT tier is in this package; the members the
 * machine and translated code use are public for that reason only (engine-internal, not an API).
 */
public abstract class JitCode {
    /** Exit reasons returned by {@link #run} (defined by the translator that emits them). */
    public static final int BUDGET = JitCompiler.BUDGET;
    public static final int INTERPRET = JitCompiler.INTERPRET;
    public static final int CALL = JitCompiler.CALL;
    public static final int RETURN = JitCompiler.RETURN;
    public static final int TRAP = JitCompiler.TRAPPED;
    public static final int CALL_INDIRECT = JitCompiler.CALL_INDIRECT;
    public static final int RETURNED = JitCompiler.RETURNED;
    /** From {@link #run} only: a resume copy handed over at the machine's pc; {@link #continueAt} goes on from there. */
    public static final int CONTINUE = JitCompiler.CONTINUE;

    /**
     * Where translated classes are defined: the runtime's package, whose members {@link RuntimeContract}
     * names (the unnamed module, or one engine module, opens it to this class).
     */
    static final MethodHandles.Lookup DEFINE_IN = defineIn();

    private static MethodHandles.Lookup defineIn() {
        try {
            return MethodHandles.privateLookupIn(Machine.class, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the JIT tier cannot define classes in the runtime's package", e);
        }
    }
    /** {@code -Dbackstep.jit.strict=true} (the tests): a translation the JVM rejects is an error, not a fallback. */
    private static final boolean STRICT = Boolean.getBoolean("backstep.jit.strict");
    /** pcs at which {@link #run} may start (indexed by pc). */
    private boolean[] entries;
    /** Where the machine enters the translated methods (indexed by pc; JitCompiler's {@code mainEntries}). */
    private boolean[] mainEntries;
    /** The resume copy once made ({@link #resumeCopy}), or {@link #REFUSED}. */
    private volatile Object resumeCopy;
    /** What the copy is made from: the function's code and where this translation cut it into methods. */
    private CompiledFunction source;
    private int[] chunkStarts;
    /** For each entry pc, the method ({@link #runChunk}'s chunk) that holds it. */
    private int[] chunkOfPc;
    private int chunks;
    /**
     * A bound on the JVM stack, in bytes, that one run of this translation nested in a caller's takes
     * (its frames while HotSpot still interprets them, the largest): what {@link Machine} counts against
     * the stack it allows nested calls.
     */
    private int nestedStackBytes;
    /** The function's index in its module (for {@link CompilationWatch}'s report). */
    private int functionIndex;
    /** The functions (of every load of the module) running this translation, so it can be taken from all. */
    private final Set<CompiledFunction> holders = Collections.newSetFromMap(new WeakHashMap<>());
    /** The method HotSpot refused, once {@link #replace} took this translation out of use; null while in use. */
    private String replacedFor;
    /** Where {@link #translationsOf} keeps this translation. */
    private Map<Integer, Object> sharedIn;
    /** The module it comes from, and whether it is the second translation, in smaller methods ({@link #replace}). */
    private WasmModule module;
    private boolean small;

    /** For the generated subclasses only. */
    protected JitCode() {
    }

    /**
     * Runs the function's code from {@code pc} (an entry) with at most {@code remaining} steps. Writes
     * the machine's {@code pc}, {@code sp} and {@code jitRemaining} (and {@code jitTrap}
     * for a trap) and returns why it stopped:
     * <ul>
     * <li>{@link #BUDGET}: the next straight-line run of instructions does not fit in the budget; pc is its start.
     * <li>{@link #INTERPRET}: pc is an instruction this tier leaves to the interpreter.
     * <li>{@link #CALL}: the call instruction before pc executed (and was counted); its arguments are on the stack.
     * <li>{@link #CALL_INDIRECT}: likewise for the call_indirect before pc, its table index still on top of the arguments.
     * <li>{@link #RETURN}: the return at pc executed (and was counted); the results are on the stack.
     * <li>{@link #TRAP}: the instruction at pc trapped; the state is that before it, as in the interpreter.
     * </ul>
     * {@code cut}: the frame is resuming after a stop cut it short; it then runs in the resume copy up to
     * the next loop head (its pc need not be one of {@link #mainEntries}). A frame not cut at a pc of
     * none of the methods' entries ({@link #entersAt}) runs in the copy too, which may then also return
     * {@link #CONTINUE}: the copy reached a loop head or another method, where {@link #continueAt} goes on
     * in the chunk methods. The machine's pc and budget must hold {@code pc} and {@code remaining} before
     * the call: {@link #INTERPRET} with nothing run (no copy could be made) leaves them so.
     */
    public final int run(Machine m, long[] s, int fp, int pc, long remaining, Instance inst, boolean cut) {
        int chunk = chunkOf(pc);
        // Chunk -1: the translation was taken out of use (runChunk hands over to the interpreter).
        if (chunk < 0 || !cut && mainEntries[pc]) return runChunk(chunk, m, s, fp, pc, remaining, inst);
        JitCode copy = resumeCopy();
        // No copy (a method of it would not fit): the interpreter runs the frame up to an entry of the methods.
        if (copy == null) return INTERPRET;
        return copy.runChunk(chunk, m, s, fp, pc, remaining, inst);
    }

    /** After {@link #run} returned {@link #CONTINUE} with the machine at {@code pc}: the chunk methods go on from there. */
    public final int continueAt(Machine m, long[] s, int fp, int pc, long remaining, Instance inst) {
        return runChunk(chunkOf(pc), m, s, fp, pc, remaining, inst);
    }

    /** Whether a frame of it has resumed in its resume copy (tests). */
    public final boolean hasResumeCopy() {
        return resumeCopy instanceof JitCode;
    }

    /**
     * Whether the machine enters this translation at {@code pc}: any entry for a frame a stop cut short,
     * else the methods' own; and, once the machine has declined {@link #DECLINED_CALLS} of its calls for
     * good, the others too (through the resume copy).
     */
    public final boolean entersAt(int pc, boolean cut) {
        if (pc >= entries.length || !entries[pc]) return false;
        if (cut || mainEntries[pc]) return true;
        // A frame not cut, at none of the methods' entries: back from a call the machine declined.
        // Interpreted up to the next entry one instruction at a time, a loop around a call that is
        // always declined ran several times slower than the interpreter alone (docs/benchmarks.md,
        // "Declined calls"); in the copy the rest of the loop runs translated.
        return declinedCalls > DECLINED_CALLS && resumeCopy() != null;
    }

    /** Calls declined for good ({@link #declined}) after which {@link #entersAt} takes any entry. */
    public static final int DECLINED_CALLS = 16;
    /** Calls made by this translation that the machine declined for good so far (not exact across threads: a threshold). */
    private int declinedCalls;

    /**
     * The machine declined a call this translation made, for a reason that lasts (a callee without a
     * translated entry or with probes, of another instance, a host function, the JVM stack allowance),
     * not one that passes (a callee not translated yet, a stack that grows once): those make no copy.
     */
    public final void declined() {
        declinedCalls++;
    }

    /**
     * The resume copy of this translation ({@link JitCompiler#translateResumeCopy}), made the first time a
     * frame resumes in it: a plain run never needs one. Null if it cannot be made.
     */
    private JitCode resumeCopy() {
        Object copy = resumeCopy;
        if (copy == null) {
            synchronized (this) {
                copy = resumeCopy;
                if (copy == null) {
                    copy = defineCopy();
                    resumeCopy = copy;
                }
            }
        }
        return copy instanceof JitCode jc ? jc : null;
    }

    private Object defineCopy() {
        try {
            JitCompiler.Translation t = JitCompiler.translateResumeCopy(source, module, className(functionIndex, small) + "$resume", chunkStarts);
            return t == null ? REFUSED : define(t);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (STRICT) throw new IllegalStateException("JIT resume copy of function " + functionIndex + " failed", e);
            return REFUSED;
        }
    }

    /**
     * Runs the generated method {@code chunk} of this function from {@code pc}, an entry in it; as {@link
     * #run}. A big function is several JVM methods (each small enough for HotSpot to compile); a branch
     * from one to another leaves the first with the state written back ({@link JitCompiler#CONTINUE}),
     * and this method, generated with them, enters the second.
     */
    public abstract int runChunk(int chunk, Machine m, long[] s, int fp, int pc, long remaining, Instance inst);

    /** The method ({@link #runChunk}'s chunk) that holds entry {@code pc}. */
    public final int chunkOf(int pc) {
        return chunkOfPc[pc];
    }

    /** How many JVM methods the function was cut into. */
    public final int chunks() {
        return chunks;
    }

    public final int nestedStackBytes() {
        return nestedStackBytes;
    }

    public final boolean isEntry(int pc) {
        return pc < entries.length && entries[pc];
    }

    /**
     * The translation of {@code fn}'s code, made when the machine asks (once the function is hot) and
     * shared by every instance of its module and by later loads of the same module bytes (see
     * {@link #translationsOf}); null when the JIT tier refused the function (then it is interpreted).
     */
    public static JitCode of(WasmFunction fn) {
        CompiledFunction cf = fn.code();
        Object code = cf.jitCode;
        if (code != null) return (JitCode) code;
        if (cf.jitRefused) return null;
        Map<Integer, Object> shared = translationsOf(fn.instance().module());
        Object known = shared.get(cf.index);
        if (known == null) {
            known = translate(cf, fn.instance().module().module(), false);
            if (known instanceof JitCode jc) jc.sharedIn = shared;
            shared.put(cf.index, known);
        }
        if (known instanceof JitCode jc && jc.install(cf)) return jc;
        cf.jitRefused = true;
        return null;
    }

    private synchronized boolean install(CompiledFunction cf) {
        if (replacedFor != null) return false;
        cf.setJitCode(this, isEntry(0)); // a call enters at the start, if its first instruction is translated
        holders.add(cf);
        return true;
    }

    /** What became of a translation HotSpot refused a method of ({@link #replace}). */
    public enum Replaced { ALREADY, SMALLER, INTERPRETED }

    /**
     * HotSpot refused {@code method}, one of this translation's methods ({@link CompilationWatch}). A
     * function's first translation is replaced by one in smaller methods ({@link
     * JitCompiler#translate(CompiledFunction, WasmModule, String, boolean)}): C1's frame and register
     * limits and HotSpot's size limits are what refuse big methods. A smaller one refused, or one that
     * cannot be made, is dropped and the function interpreted. Either way in every function running it
     * and for later loads of the module, from each function's next entry; a frame running it leaves it at
     * its next branch into another of its methods.
     */
    public Replaced replace(String method) {
        CompiledFunction source;
        synchronized (this) {
            if (replacedFor != null || holders.isEmpty()) return Replaced.ALREADY;
            source = holders.iterator().next();
        }
        // Translated outside the lock, which JitCode.of takes on the program's thread.
        Object smaller = small ? REFUSED : translate(source, module, true);
        synchronized (this) {
            if (replacedFor != null) return Replaced.ALREADY; // another of its methods was refused first
            replacedFor = method;
            // Frames running it leave at their next branch into another of its methods: runChunk hands
            // chunk -1 to the interpreter (a loop inside one method runs on until it leaves).
            int[] none = new int[chunkOfPc.length];
            Arrays.fill(none, -1);
            chunkOfPc = none;
            List<CompiledFunction> running = List.copyOf(holders);
            holders.clear();
            if (smaller instanceof JitCode jc) {
                jc.sharedIn = sharedIn;
                sharedIn.put(functionIndex, jc);
                for (CompiledFunction cf : running) jc.install(cf);
                return Replaced.SMALLER;
            }
            sharedIn.put(functionIndex, REFUSED);
            for (CompiledFunction cf : running) cf.dropJitCode();
            return Replaced.INTERPRETED;
        }
    }

    /** The function's index in its module. */
    public final int functionIndex() {
        return functionIndex;
    }

    /** Marks a function the JIT tier refused, in {@link #translationsOf}. */
    private static final Object REFUSED = new Object();

    /**
     * Translations by module content for the last few modules: loading the same bytes again, as replay,
     * the next recording of the same program or a colleague's bundle do, reuses classes that HotSpot has
     * already compiled instead of starting cold. Translations depend on the bytes alone.
     */
    private static final Map<ModuleBytes, Map<Integer, Object>> BY_MODULE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ModuleBytes, Map<Integer, Object>> eldest) {
            return size() > 8;
        }
    };

    @SuppressWarnings("unchecked")
    private static Map<Integer, Object> translationsOf(CompiledModule module) {
        Map<Integer, Object> known = (Map<Integer, Object>) module.jitTranslations;
        if (known != null) return known;
        ModuleBytes key = new ModuleBytes(module.module().bytes());
        synchronized (BY_MODULE) {
            known = BY_MODULE.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        }
        module.jitTranslations = known;
        return known;
    }

    /**
     * Module bytes as a map key: found by a CRC-32, matched byte for byte. Not by a digest: SHA-256 of a
     * module took 40-75 ms of a cold JVM's main thread, a tenth of a short program's whole run.
     */
    private record ModuleBytes(byte[] bytes, int crc) {
        ModuleBytes(byte[] bytes) {
            this(bytes, crc32(bytes));
        }

        private static int crc32(byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return (int) crc.getValue();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ModuleBytes m && crc == m.crc && Arrays.equals(bytes, m.bytes);
        }

        @Override
        public int hashCode() {
            return crc;
        }
    }

    /** How translated classes' names begin: their package's, then {@code Jit$}. */
    static final String CLASS_PREFIX = DEFINE_IN.lookupClass().getPackageName() + ".Jit$";

    /** Named for diagnostics (-XX:+PrintCompilation, CompileCommand patterns): Jit$N, Jit$N$small, and $resume for the copy. */
    private static String className(int functionIndex, boolean small) {
        return CLASS_PREFIX + functionIndex + (small ? "$small" : "");
    }

    /** Loads a translation's class (a hidden class in the runtime's package, {@link #DEFINE_IN}) and makes its one instance. */
    private static JitCode define(JitCompiler.Translation t) throws Throwable {
        Class<?> c = DEFINE_IN.defineHiddenClass(t.classBytes(), true).lookupClass();
        return (JitCode) DEFINE_IN.findConstructor(c, java.lang.invoke.MethodType.methodType(void.class)).invoke();
    }

    private static Object translate(CompiledFunction cf, WasmModule module, boolean small) {
        try {
            JitCompiler.Translation t = JitCompiler.translate(cf, module, className(cf.index, small), small);
            if (t == null) return REFUSED;
            JitCode jc = define(t);
            jc.entries = t.entries();
            jc.mainEntries = t.mainEntries();
            jc.source = cf;
            jc.chunkStarts = t.chunkStarts();
            jc.chunkOfPc = t.chunkOfPc();
            jc.chunks = t.chunks();
            jc.nestedStackBytes = t.nestedStackBytes();
            jc.functionIndex = cf.index;
            jc.module = module;
            jc.small = small;
            CompilationWatch.watch(jc);
            return jc;
        } catch (VirtualMachineError e) {
            throw e; // out of memory and the like are not the translation's fault
        } catch (Throwable e) {
            // A translator failure or a class the JVM rejects is a bug in the translator: tests run
            // strict and fail on it; a user's run carries on in the interpreter, which runs every function.
            if (STRICT) throw new IllegalStateException("JIT translation of function " + cf.index + " failed", e);
            return REFUSED;
        }
    }
}
