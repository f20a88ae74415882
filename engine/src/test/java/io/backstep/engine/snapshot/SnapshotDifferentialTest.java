package io.backstep.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.ModuleException;
import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.Import;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.spec.SpecCommand;
import io.backstep.engine.spec.SpecScript;
import io.backstep.engine.spec.SpecTestSuiteTest;
import io.backstep.engine.spec.SpectestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Differential test of snapshots over the spec testsuite. For every module of every script, one
 * invocation the script makes of it runs three times on fresh linkers: (A) straight through, (B) paused
 * at a pseudo-random step k where a snapshot is taken, then continued, (C) restored from B's snapshot
 * into a fresh instance and continued. B and C must end exactly like A: same stop reason, step count,
 * results or trap kind, memory bytes and state digest.
 */
class SnapshotDifferentialTest {
    /** How many invocations of a module are tried before it counts as "too short". */
    static final int MAX_CANDIDATES = 5;
    /** Runs up to this many steps are single-stepped once to find their deepest call. */
    static final long DEEPEST_SEARCH_LIMIT = 20_000;

    private static final AtomicInteger TESTED = new AtomicInteger();
    private static final AtomicInteger SKIPPED_IMPORTS = new AtomicInteger();
    private static final AtomicInteger TOO_SHORT = new AtomicInteger();
    private static final AtomicInteger NO_INVOKE = new AtomicInteger();
    private static final AtomicInteger NOT_LOADABLE = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    /** Tested runs that reach a call depth of 2 or more (snapshots with caller frames). */
    private static final AtomicInteger DEEP = new AtomicInteger();
    private static final List<String> NOT_LOADABLE_NAMES = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> snapshotRestoreContinuesLikeAnUninterruptedRun() {
        Path suite = SpecTestSuiteTest.suiteRoot();
        return SpecTestSuiteTest.scriptNames(suite).stream().flatMap(name -> tests(SpecScript.load(suite, name)));
    }

    private static Stream<DynamicTest> tests(SpecScript script) {
        List<DynamicTest> out = new ArrayList<>();
        URI wast = Files.isRegularFile(script.wast) ? script.wast.toUri() : null;
        for (int i = 0; i < script.commands.size(); i++) {
            SpecCommand c = script.commands.get(i);
            if (!c.type().equals("module") || c.isTextModule() || c.filename() == null) continue;
            List<SpecCommand.Action> candidates = invocationsOf(script.commands, i);
            // Modules the script never calls, or that need other script modules linked in, have no
            // run to interrupt here: they are counted in the summary instead of becoming skipped tests.
            if (candidates.isEmpty()) {
                NO_INVOKE.incrementAndGet();
                continue;
            }
            if (importsFromRegisteredModules(script, c)) {
                SKIPPED_IMPORTS.incrementAndGet();
                continue;
            }
            String label = script.name + " line " + c.line() + " " + c.filename();
            out.add(DynamicTest.dynamicTest(label, wast == null ? null : URI.create(wast + "?line=" + c.line()), () -> {
                try {
                    check(script, c, candidates, label);
                } catch (TestAbortedException skipped) {
                    throw skipped;
                } catch (Throwable t) {
                    FAILED.incrementAndGet();
                    throw t;
                }
            }));
        }
        return out.stream();
    }

    /**
     * The invocations in script order that target the module defined by command {@code at}: unnamed
     * actions while it is the current module, and actions naming it while that name still means it.
     */
    static List<SpecCommand.Action> invocationsOf(List<SpecCommand> commands, int at) {
        String name = commands.get(at).name();
        boolean current = true;
        boolean named = name != null;
        List<SpecCommand.Action> out = new ArrayList<>();
        for (int i = at + 1; i < commands.size() && (current || named) && out.size() < MAX_CANDIDATES; i++) {
            SpecCommand c = commands.get(i);
            if (c.type().equals("module")) {
                current = false;
                if (named && name.equals(c.name())) named = false;
                continue;
            }
            if (!c.type().equals("assert_return") && !c.type().equals("action") && !c.type().equals("assert_trap")) continue;
            SpecCommand.Action a = c.action();
            if (a == null || !a.isInvoke()) continue;
            boolean targets = a.module() == null ? current : named && a.module().equals(name);
            if (targets) out.add(a);
        }
        return out;
    }

    private static boolean importsFromRegisteredModules(SpecScript script, SpecCommand module) {
        try {
            byte[] bytes = Files.readAllBytes(script.dir.resolve(module.filename()));
            for (Import im : io.backstep.engine.decode.ModuleDecoder.decode(bytes).imports()) {
                if (!im.module().equals("spectest")) return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(SpecScript script, SpecCommand module, List<SpecCommand.Action> candidates, String label) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(script.dir.resolve(module.filename()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompiledModule compiled;
        try {
            compiled = Wasm.load(bytes);
        } catch (ModuleException e) {
            NOT_LOADABLE.incrementAndGet();
            synchronized (NOT_LOADABLE_NAMES) {
                NOT_LOADABLE_NAMES.add(label);
            }
            throw new AssertionError("a module of the testsuite does not load: " + e.getMessage(), e);
        }
        for (SpecCommand.Action a : candidates) {
            Run run = new Run(compiled, a);
            Outcome reference = run.uninterrupted();
            if (reference.steps < 2) continue;
            long k = 1 + Math.floorMod(new Random((script.name + ":" + module.line()).hashCode()).nextLong(), reference.steps - 1);
            run.compare(reference, k, label + ": " + a.text());
            // Beyond the brief's one random point: a few evenly spaced ones and the deepest call, so
            // frames of callers (return pcs) are covered too.
            for (long extra : run.extraPoints(reference.steps)) {
                if (extra != k) run.compare(reference, extra, label + ": " + a.text());
            }
            TESTED.incrementAndGet();
            return;
        }
        TOO_SHORT.incrementAndGet();
        throw new TestAbortedException("no invocation among the first " + candidates.size() + " runs 2 steps or more");
    }

    /** One invocation of one module, repeatable on fresh linkers. */
    static final class Run {
        final CompiledModule compiled;
        final String field;
        final long[] args;

        Run(CompiledModule compiled, SpecCommand.Action action) {
            this.compiled = compiled;
            this.field = action.field();
            this.args = SpecScript.argumentSlots(action.args());
        }

        /** A fresh linker with the spectest host, the instance (start function run) and an idle machine. */
        Fresh fresh() {
            Linker linker = new Linker();
            SpectestHost.defineOn(linker);
            Instance instance = linker.instantiate(compiled);
            return new Fresh(instance, new Machine(linker.store()));
        }

        FunctionInstance entry(Instance instance) {
            Object export = instance.exports().get(field);
            if (!(export instanceof FunctionInstance f)) return fail("no function export " + field);
            return f;
        }

        Outcome uninterrupted() {
            Fresh a = fresh();
            a.machine.start(entry(a.instance), args);
            Machine.StopReason stop = a.machine.run(Long.MAX_VALUE);
            return Outcome.of(stop, a);
        }

        /** Up to 4 evenly spaced steps in [1, n-1], plus the first step at the greatest call depth (short runs only). */
        java.util.SortedSet<Long> extraPoints(long n) {
            java.util.SortedSet<Long> points = new java.util.TreeSet<>();
            for (int j = 1; j <= 4; j++) points.add(Math.max(1, Math.min(n - 1, n * j / 5)));
            if (n <= DEEPEST_SEARCH_LIMIT) {
                Fresh d = fresh();
                d.machine.start(entry(d.instance), args);
                int deepest = 0;
                long deepestStep = 0;
                for (long step = 1; step < n; step++) {
                    if (d.machine.run(1) != Machine.StopReason.BUDGET) break;
                    if (d.machine.callDepth() > deepest) {
                        deepest = d.machine.callDepth();
                        deepestStep = step;
                    }
                }
                if (deepestStep > 0) points.add(deepestStep);
                if (deepest > 1) DEEP.incrementAndGet();
            }
            return points;
        }

        void compare(Outcome reference, long k, String what) {
            String at = what + " (N=" + reference.steps + ", snapshot at k=" + k + ")";
            // B: pause at k, snapshot, continue.
            Fresh b = fresh();
            b.machine.start(entry(b.instance), args);
            assertEquals(Machine.StopReason.BUDGET, b.machine.run(k), at + ": B should pause at k");
            assertEquals(k, b.machine.stepCount(), at + ": B's step count at the pause");
            long digestAtK = StateDigest.of(b.machine, b.instance);
            byte[] snapshot = Snapshot.capture(b.machine, b.instance);
            assertEquals(digestAtK, StateDigest.of(b.machine, b.instance), at + ": capture changed B's state");
            Outcome continued = Outcome.of(b.machine.run(Long.MAX_VALUE), b);
            reference.assertSame(continued, at + ": B (snapshot taken, then continued) vs A");

            // C: restore into a fresh instance, continue.
            Fresh c = fresh();
            Snapshot.restore(snapshot, c.machine, c.instance);
            assertEquals(k, c.machine.stepCount(), at + ": C's step count after restore");
            assertEquals(digestAtK, StateDigest.of(c.machine, c.instance), at + ": C's state right after restore differs from B's at k");
            assertArrayEquals(snapshot, Snapshot.capture(c.machine, c.instance), at + ": re-capturing the restored state gives other bytes");
            Outcome restored = Outcome.of(c.machine.run(Long.MAX_VALUE), c);
            reference.assertSame(restored, at + ": C (restored) vs A");
        }
    }

    record Fresh(Instance instance, Machine machine) {
    }

    /** How a run ended, and the state it ended in. */
    record Outcome(Machine.StopReason stop, long steps, long[] results, String trap, byte[] memory, long digest) {
        static Outcome of(Machine.StopReason stop, Fresh f) {
            Machine m = f.machine;
            long[] results = stop == Machine.StopReason.FINISHED ? m.results() : null;
            String trap = m.trap() == null ? null : m.trap().kind().name();
            byte[] memory = f.instance.memory() == null ? null : f.instance.memory().read(0, f.instance.memory().byteSize());
            return new Outcome(stop, m.stepCount(), results, trap, memory, StateDigest.of(m, f.instance));
        }

        void assertSame(Outcome other, String what) {
            assertEquals(stop, other.stop, what + ": stop reason");
            assertEquals(steps, other.steps, what + ": step count");
            assertArrayEquals(results, other.results, what + ": results");
            assertEquals(trap, other.trap, what + ": trap kind");
            assertEquals(memory == null, other.memory == null, what + ": memory presence");
            if (memory != null) {
                assertEquals(memory.length, other.memory.length, what + ": memory size");
                int diff = firstDifference(memory, other.memory);
                assertTrue(diff < 0, () -> what + ": memory differs first at byte " + diff);
            }
            assertEquals(digest, other.digest, what + ": state digest");
        }

        private static int firstDifference(byte[] x, byte[] y) {
            for (int i = 0; i < x.length; i++) if (x[i] != y[i]) return i;
            return -1;
        }

    }

    @AfterAll
    static void printSummary() {
        int total = TESTED.get() + SKIPPED_IMPORTS.get() + TOO_SHORT.get() + NO_INVOKE.get() + NOT_LOADABLE.get() + FAILED.get();
        if (total == 0) return;
        System.out.println("Snapshot differential test: " + total + " modules; " + TESTED.get() + " passed, "
                + FAILED.get() + " failed, " + SKIPPED_IMPORTS.get() + " skipped (import from registered modules), "
                + TOO_SHORT.get() + " too short (< 2 steps), " + NO_INVOKE.get() + " never invoked, "
                + NOT_LOADABLE.get() + " not loadable by the engine; "
                + DEEP.get() + " runs were also snapshotted at a call depth >= 2");
        synchronized (NOT_LOADABLE_NAMES) {
            if (!NOT_LOADABLE_NAMES.isEmpty()) {
                System.out.println("  not loadable (first 10): " + NOT_LOADABLE_NAMES.subList(0, Math.min(10, NOT_LOADABLE_NAMES.size())));
            }
        }
    }
}
