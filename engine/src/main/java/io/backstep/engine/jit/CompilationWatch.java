package io.backstep.engine.jit;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Checks that HotSpot compiles the translated methods that run hot, and takes a translation away when it
 * does not. A translated method HotSpot refused runs in the JVM's bytecode interpreter, several times
 * slower than Backstep's own interpreter (which HotSpot does compile). The translator keeps every method
 * within what C1 and C2 compile, and tests hold it there (docs/architecture.md); this is the net under
 * that, for a JVM with other limits or a bailout the tests never met.
 *
 * <p>A daemon thread samples the stack of the thread that last ran translated code, every {@code
 * -Dbackstep.jit.watch.periodMs} (200) milliseconds: one thread's stack, taken at its next safepoint
 * poll, not a global safepoint. The translated method on top of {@code -Dbackstep.jit.watch.hotSamples}
 * (8) samples is hot, and HotSpot's own lists, the ones {@code jcmd} prints as {@code Compiler.codelist}
 * and {@code Compiler.queue}, say whether it is compiled or waiting to be. A method hot, not compiled
 * and not queued at two such looks is refused. The function is then translated again in smaller
 * methods (what C1 refuses and HotSpot's size limits shrink with the method), and if a
 * method of that one is refused too, its translation is dropped and the function interpreted ({@link
 * JitCode#replace}): in every loaded instance, from the function's next entry (a call, a return into
 * it, a resume); a frame running it leaves at its next branch into another of its methods. A loop
 * that never leaves the refused method keeps running it. Nothing here changes what a program
 * computes, as both tiers leave the same state at every step; only which tier runs it.
 *
 * <p>Cost: a sample every period, and for a run long enough to have a hot method, JMX's platform server
 * (some 150 ms of one core, once) and a look of about a millisecond. {@code -Dbackstep.jit.watch=false}
 * turns it off (the tests do, so the tiering they set up stays; this class's tests run child JVMs).
 * In-process JFR events name C1's bailouts too, but starting JFR cost a second of a short run, and a
 * method over {@code HugeMethodLimit} is refused silently, with no event at all.
 */
public final class CompilationWatch {
    /**
     * A translated method HotSpot did not compile, the function it belongs to, and whether the function
     * was translated again in smaller methods (else it is interpreted from then on).
     */
    public record Refusal(int functionIndex, String method, boolean translatedAgain) {
        @Override
        public String toString() {
            return "function " + functionIndex + " (translated method " + method + "): "
                    + (translatedAgain ? "translated again in smaller methods" : "interpreted");
        }
    }

    private static final boolean ENABLED = !"false".equals(System.getProperty("backstep.jit.watch"));
    private static final long PERIOD_MS = Long.getLong("backstep.jit.watch.periodMs", 200);
    private static final int HOT_SAMPLES = Integer.getInteger("backstep.jit.watch.hotSamples", 8);

    /** Translations by class name, for the few the watch finds hot. */
    private static final Map<String, WeakReference<JitCode>> BY_CLASS = new ConcurrentHashMap<>();
    private static int pruneAt = 1024;
    /** The thread that last ran translated code ({@link #sample}): the one sampled. */
    private static volatile Thread runner;
    private static final List<Refusal> REFUSALS = new ArrayList<>();
    private static volatile Thread thread;
    private static volatile int looks;
    private static volatile int confirmed;
    /** Why the watch stopped, if it did (no JMX in this runtime, say); null while it runs. */
    private static volatile String stopped;

    private CompilationWatch() {
    }

    /** Samples {@code t} from now on: the machine's tiered loop calls this with its own thread. */
    public static void sample(Thread t) {
        runner = t;
    }

    /** Starts watching {@code code}, a new translation (and the watch itself, on the first). */
    static void watch(JitCode code) {
        if (!ENABLED) return;
        BY_CLASS.put(code.getClass().getName(), new WeakReference<>(code));
        synchronized (BY_CLASS) {
            if (BY_CLASS.size() > pruneAt) {
                BY_CLASS.values().removeIf(r -> r.get() == null);
                pruneAt = Math.max(1024, 2 * BY_CLASS.size());
            }
            if (thread == null) {
                Thread t = new Thread(CompilationWatch::loop, "backstep-compilation-watch");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                thread = t;
                t.start();
            }
        }
    }

    /** The translations replaced so far in this JVM (see {@link Refusal}) because HotSpot refused one of their methods. */
    public static List<Refusal> refusals() {
        synchronized (REFUSALS) {
            return List.copyOf(REFUSALS);
        }
    }

    /** How often the watch has read HotSpot's lists. */
    public static int looks() {
        return looks;
    }

    /** How many hot translated methods it found compiled. */
    public static int compiledHotMethods() {
        return confirmed;
    }

    /** The above in one line. */
    public static String summary() {
        return looks + " looks, " + confirmed + " hot methods compiled, " + refusals().size() + " refused"
                + (stopped == null ? "" : "; stopped: " + stopped);
    }

    private static void loop() {
        Tally tally = new Tally(HOT_SAMPLES);
        HotSpotLists lists = null;
        try {
            while (true) {
                Thread.sleep(PERIOD_MS);
                String hot = topTranslatedMethod(runner);
                if (hot == null || !tally.sample(hot)) continue;
                if (lists == null) lists = new HotSpotLists();
                String compiled = lists.codelist();
                String queued = lists.queue();
                looks++;
                for (String method : tally.look(compiled, queued)) refused(method);
                confirmed = tally.compiledCount();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | LinkageError e) {
            // No JMX in this runtime (a jlinked JRE without jdk.management), say: the watch stops, and
            // translated code runs on as it would without it.
            stopped = e.toString();
        }
    }

    /**
     * The translated method on top of {@code t}'s stack, as "class.method" (the class's name with the
     * suffix the JVM gives a hidden class, {@code Jit$N/0x...}: every module has its {@code Jit$N}), or null.
     */
    static String topTranslatedMethod(Thread t) {
        if (t == null || t.getState() != Thread.State.RUNNABLE) return null;
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith(JitCode.CLASS_PREFIX)) return e.getClassName() + "." + e.getMethodName();
        }
        return null;
    }

    private static void refused(String method) {
        int dot = method.lastIndexOf('.');
        WeakReference<JitCode> ref = BY_CLASS.get(method.substring(0, dot));
        JitCode code = ref == null ? null : ref.get();
        if (code == null) return; // unloaded meanwhile
        JitCode.Replaced outcome = code.replace(method.substring(dot + 1));
        if (outcome == JitCode.Replaced.ALREADY) return;
        synchronized (REFUSALS) {
            REFUSALS.add(new Refusal(code.functionIndex(), shortName(method), outcome == JitCode.Replaced.SMALLER));
        }
    }

    /** "package.Jit$N/0x....method" as "Jit$N.method": without the package and the hidden class's suffix. */
    private static String shortName(String method) {
        int dot = method.lastIndexOf('.');
        String cls = method.substring(0, dot);
        int slash = cls.indexOf('/');
        return cls.substring(cls.lastIndexOf('.') + 1, slash < 0 ? cls.length() : slash) + method.substring(dot);
    }

    /**
     * The decision, apart from the JVM so that it can be tested: counts samples per method and reads
     * HotSpot's lists. Methods are named "class.method"; the code list writes "class.method(signature)"
     * and the queue "class::method (size bytes)".
     */
    static final class Tally {
        private final int hotSamples;
        private final Map<String, Integer> samples = new HashMap<>();
        /** Methods found compiled or refused: not looked at again. */
        private final Set<String> settled = new HashSet<>();
        private final Set<String> compiled = new HashSet<>();
        /** Methods found neither compiled nor queued at one look. */
        private final Set<String> suspects = new HashSet<>();

        Tally(int hotSamples) {
            this.hotSamples = hotSamples;
        }

        /** Counts a sample; true when a method became hot, so HotSpot's lists should be read. */
        boolean sample(String method) {
            if (settled.contains(method)) return false;
            return samples.merge(method, 1, Integer::sum) >= hotSamples;
        }

        /** Reads HotSpot's lists for the hot methods; returns those refused (at their second look). */
        List<String> look(String codelist, String queue) {
            List<String> refused = new ArrayList<>();
            for (String method : List.copyOf(samples.keySet())) {
                if (samples.get(method) < hotSamples) continue;
                samples.remove(method); // hot again before the next look
                int dot = method.lastIndexOf('.');
                String cls = method.substring(0, dot);
                String name = method.substring(dot + 1);
                if (codelist.contains(cls + "." + name + "(")) {
                    settled.add(method);
                    compiled.add(method);
                    suspects.remove(method);
                } else if (queue.contains(cls + "::" + name + " (")) {
                    suspects.remove(method); // waiting for a compiler thread: not refused
                } else if (!suspects.add(method)) {
                    settled.add(method);
                    refused.add(method);
                }
            }
            return refused;
        }

        int compiledCount() {
            return compiled.size();
        }
    }

    /** HotSpot's code list and compile queue, through the DiagnosticCommand MBean (what jcmd uses). */
    private static final class HotSpotLists {
        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        private final ObjectName commands;

        HotSpotLists() throws Exception {
            commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
        }

        String codelist() throws Exception {
            return (String) server.invoke(commands, "compilerCodelist", null, null);
        }

        String queue() throws Exception {
            return (String) server.invoke(commands, "compilerQueue", null, null);
        }
    }
}
