package io.backstep.engine.spec;

import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.ModuleException;
import io.backstep.engine.Wasm;
import io.backstep.engine.WasmException;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.decode.MalformedModuleException;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import io.backstep.engine.validate.InvalidModuleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * One testsuite script and the state its commands share while they run in order: the script's own
 * {@link Linker} (with "spectest" defined), the current module instance, named instances, and why a
 * module is missing if its command failed (so later failures point at the cause).
 */
public final class SpecScript {
    public final String name;
    /** json/NAME: holds NAME.json and the .wasm files. */
    public final Path dir;
    /** wast/NAME.wast, for test sources (may not exist). */
    public final Path wast;
    public final List<SpecCommand> commands;

    private Linker linker;
    private Instance current;
    /** Why there is no current module (its module command failed), or null. */
    private String currentProblem;
    private final Map<String, Instance> named = new HashMap<>();
    private final Map<String, String> namedProblems = new HashMap<>();

    private SpecScript(String name, Path dir, Path wast, List<SpecCommand> commands) {
        this.name = name;
        this.dir = dir;
        this.wast = wast;
        this.commands = commands;
    }

    /** Reads json/NAME/NAME.json under the testsuite root. */
    @SuppressWarnings("unchecked")
    public static SpecScript load(Path suiteRoot, String name) {
        Path dir = suiteRoot.resolve("json").resolve(name);
        Path file = dir.resolve(name + ".json");
        Object doc;
        try {
            doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("commands") instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": no \"commands\" array");
        }
        List<SpecCommand> commands = new ArrayList<>(list.size());
        for (Object c : list) {
            try {
                commands.add(SpecCommand.fromJson((Map<String, Object>) c));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": bad command " + c + ": " + e.getMessage(), e);
            }
        }
        return new SpecScript(name, dir, suiteRoot.resolve("wast").resolve(name + ".wast"), commands);
    }

    /** Runs one command against the shared state; throws an assertion error (or aborts for text modules). */
    void run(SpecCommand c) {
        if (linker == null) {
            Linker l = new Linker();
            Result<Void> r = attempt(() -> {
                SpectestHost.defineOn(l);
                return null;
            });
            if (r.error != null) failUnexpected("setting up the spectest host module", r.error);
            linker = l;
        }
        switch (c.type()) {
            case "module" -> module(c);
            case "register" -> register(c);
            case "assert_return" -> assertReturn(c);
            case "action" -> action(c);
            case "assert_trap" -> assertTrap(c);
            case "assert_exhaustion" -> assertExhaustion(c);
            case "assert_invalid" -> assertInvalid(c);
            case "assert_malformed" -> assertMalformed(c);
            case "assert_unlinkable" -> assertUnlinkable(c);
            case "assert_uninstantiable" -> assertUninstantiable(c);
            default -> fail("unknown command type \"" + c.type() + "\"");
        }
    }

    /** Drops the script's linker and instances once its last command ran (JUnit keeps the test tree alive). */
    void release() {
        linker = null;
        current = null;
        named.clear();
        namedProblems.clear();
        currentProblem = null;
    }

    // ---- commands --------------------------------------------------------------------------------

    private void module(SpecCommand c) {
        // Until this succeeds, the current (and named) module is this one's failure.
        String problem = "the module at line " + c.line() + " (" + c.filename() + ") failed";
        current = null;
        currentProblem = problem;
        if (c.name() != null) {
            named.remove(c.name());
            namedProblems.put(c.name(), problem);
        }
        CompiledModule compiled = loadValid(c);
        Result<Instance> r = attempt(() -> linker.instantiate(compiled));
        if (r.error != null) failUnexpected("instantiating " + c.filename(), r.error);
        current = r.value;
        currentProblem = null;
        if (c.name() != null) {
            named.put(c.name(), r.value);
            namedProblems.remove(c.name());
        }
    }

    private void register(SpecCommand c) {
        Instance inst = target(c.name());
        Result<Void> r = attempt(() -> {
            linker.register(c.as(), inst);
            return null;
        });
        if (r.error != null) failUnexpected("registering as \"" + c.as() + "\"", r.error);
    }

    private void assertReturn(SpecCommand c) {
        SpecCommand.Action a = c.action();
        Result<long[]> r = perform(a);
        if (r.error instanceof TrapException t) {
            fail(a.text() + ": expected " + describeAll(c.expected()) + " but trapped: " + t.getMessage());
        }
        if (r.error != null) failUnexpected(a.text(), r.error);
        checkResults(a, c.expected(), r.value);
    }

    private void action(SpecCommand c) {
        Result<long[]> r = perform(c.action());
        if (r.error instanceof TrapException t) fail(c.action().text() + ": trapped: " + t.getMessage());
        if (r.error != null) failUnexpected(c.action().text(), r.error);
    }

    private void assertTrap(SpecCommand c) {
        if (c.action() == null) {
            // A module whose instantiation must trap (wast2json normally emits assert_uninstantiable for this).
            assertUninstantiable(c);
            return;
        }
        Result<long[]> r = perform(c.action());
        if (r.error == null) {
            fail(c.action().text() + ": expected trap \"" + c.text() + "\" but returned " + formatRaw(r.value));
        }
        if (!(r.error instanceof TrapException t)) {
            failUnexpected(c.action().text() + " (expected trap \"" + c.text() + "\")", r.error);
            return;
        }
        checkTrapWording(c, t);
    }

    private void assertExhaustion(SpecCommand c) {
        Result<long[]> r = perform(c.action());
        if (r.error == null) {
            fail(c.action().text() + ": expected call stack exhaustion but returned " + formatRaw(r.value));
        }
        if (r.error instanceof StackOverflowError) {
            fail(c.action().text() + ": the engine let a java.lang.StackOverflowError escape instead of trapping with "
                    + TrapKind.CALL_STACK_EXHAUSTED, r.error);
        }
        if (!(r.error instanceof TrapException t)) {
            failUnexpected(c.action().text() + " (expected call stack exhaustion)", r.error);
            return;
        }
        if (t.kind() != TrapKind.CALL_STACK_EXHAUSTED) {
            fail(c.action().text() + ": expected trap kind CALL_STACK_EXHAUSTED (\"" + c.text() + "\") but got "
                    + t.kind() + ": " + t.getMessage());
        }
    }

    private void assertInvalid(SpecCommand c) {
        skipIfText(c);
        expectRejected(c, InvalidModuleException.class, "invalid");
    }

    private void assertMalformed(SpecCommand c) {
        skipIfText(c);
        expectRejected(c, MalformedModuleException.class, "malformed");
    }

    private void expectRejected(SpecCommand c, Class<? extends ModuleException> expected, String what) {
        byte[] bytes = readModule(c);
        Result<CompiledModule> r = attempt(() -> Wasm.load(bytes));
        if (r.error == null) {
            fail(c.filename() + ": expected the module to be rejected as " + what + " (\"" + c.text()
                    + "\") but it loaded");
        }
        if (!expected.isInstance(r.error)) {
            if (r.error instanceof ModuleException) {
                fail(c.filename() + ": expected " + expected.getSimpleName() + " (\"" + c.text() + "\") but got "
                        + describe(r.error));
            }
            failUnexpected(c.filename() + " (expected " + expected.getSimpleName() + " \"" + c.text() + "\")", r.error);
        }
        String reason = ((ModuleException) r.error).reason();
        if (!wordingAgrees(c.text(), reason)) SpecReport.wordingMismatch(name, c, reason);
    }

    private void assertUnlinkable(SpecCommand c) {
        CompiledModule compiled = loadValid(c);
        Result<Instance> r = attempt(() -> linker.instantiate(compiled));
        if (r.error == null) {
            fail(c.filename() + ": expected a link error (\"" + c.text() + "\") but it instantiated");
        }
        if (!(r.error instanceof LinkException)) {
            failUnexpected(c.filename() + " (expected LinkException \"" + c.text() + "\")", r.error);
        }
        if (!wordingAgrees(c.text(), r.error.getMessage())) SpecReport.wordingMismatch(name, c, r.error.getMessage());
    }

    private void assertUninstantiable(SpecCommand c) {
        CompiledModule compiled = loadValid(c);
        Result<Instance> r = attempt(() -> linker.instantiate(compiled));
        if (r.error == null) {
            fail(c.filename() + ": expected instantiation to trap (\"" + c.text() + "\") but it succeeded");
        }
        if (!(r.error instanceof TrapException t)) {
            failUnexpected(c.filename() + " (expected a trap \"" + c.text() + "\" during instantiation)", r.error);
            return;
        }
        checkTrapWording(c, t);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void skipIfText(SpecCommand c) {
        // The engine reads binaries only; these cases test the text-format parser.
        if (c.isTextModule()) {
            Assumptions.abort("text-format module " + c.filename() + " (the engine reads binary modules only)");
        }
    }

    private byte[] readModule(SpecCommand c) {
        if (c.filename() == null) fail("command has no module file");
        Path file = dir.resolve(c.filename());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return fail("cannot read " + file + " (is the testsuite complete?)", e);
        }
    }

    /** Loads a module the script expects to be valid; a rejection is a failure. */
    private CompiledModule loadValid(SpecCommand c) {
        byte[] bytes = readModule(c);
        Result<CompiledModule> r = attempt(() -> Wasm.load(bytes));
        if (r.error instanceof ModuleException) {
            fail(c.filename() + ": a valid module was rejected: " + describe(r.error), r.error);
        }
        if (r.error != null) failUnexpected("loading " + c.filename(), r.error);
        return r.value;
    }

    /** The named instance, or the current one when {@code moduleName} is null; fails if it does not exist. */
    private Instance target(String moduleName) {
        if (moduleName == null) {
            if (current == null) {
                fail(currentProblem != null ? "no current module: " + currentProblem : "no module has been defined yet");
            }
            return current;
        }
        Instance inst = named.get(moduleName);
        if (inst == null) {
            String problem = namedProblems.get(moduleName);
            fail("no module " + moduleName + (problem != null ? ": " + problem : " has been defined"));
        }
        return inst;
    }

    /** Invokes or reads the action's export; engine exceptions come back in the result, harness failures are thrown. */
    private Result<long[]> perform(SpecCommand.Action a) {
        Instance inst = target(a.module());
        Object export = inst.exports().get(a.field());
        if (a.isInvoke()) {
            if (!(export instanceof FunctionInstance f)) {
                return fail(a.text() + ": the module has no function export \"" + SpecCommand.printable(a.field())
                        + "\" (found " + kindOf(export) + ")");
            }
            long[] args = argumentSlots(a.args());
            if (f.type().paramSlots() != args.length) {
                fail(a.text() + ": the script passes " + a.args().size() + " argument(s) but the function's type is "
                        + f.type());
            }
            return attempt(() -> new Machine(linker.store()).invoke(f, args));
        }
        if (!(export instanceof Global g)) {
            return fail(a.text() + ": the module has no global export \"" + SpecCommand.printable(a.field())
                    + "\" (found " + kindOf(export) + ")");
        }
        return attempt(() -> g.type().type().slots() == 2 ? new long[] {g.get(), g.getHigh()} : new long[] {g.get()});
    }

    private static String kindOf(Object export) {
        return export == null ? "nothing" : "a " + export.getClass().getSimpleName();
    }

    private static void checkResults(SpecCommand.Action a, List<SpecValue> expected, long[] actual) {
        if (actual == null) fail(a.text() + ": the engine returned null instead of a result array");
        int slots = 0;
        for (SpecValue v : expected) slots += v.slots();
        if (actual.length != slots) {
            fail(a.text() + ": expected " + describeAll(expected) + " (" + slots + " slot(s)) but got " + actual.length
                    + " slot(s): " + formatRaw(actual));
        }
        int at = 0;
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).matches(actual, at)) wrong.add(i);
            at += expected.get(i).slots();
        }
        if (wrong.isEmpty()) return;
        StringBuilder got = new StringBuilder("[");
        at = 0;
        for (int i = 0; i < expected.size(); i++) {
            if (i > 0) got.append(", ");
            got.append(expected.get(i).describeActual(actual, at));
            at += expected.get(i).slots();
        }
        got.append(']');
        fail(a.text() + ": expected " + describeAll(expected) + " but got " + got
                + (expected.size() > 1 ? " (wrong result(s) at index " + wrong + ")" : ""));
    }

    private static String describeAll(List<SpecValue> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(values.get(i).describe());
        }
        return b.append(']').toString();
    }

    private static String formatRaw(long[] slots) {
        if (slots == null) return "null";
        StringBuilder b = new StringBuilder("slots [");
        for (int i = 0; i < slots.length; i++) {
            if (i > 0) b.append(", ");
            b.append("0x").append(Long.toHexString(slots[i]));
        }
        return b.append(']').toString();
    }

    /**
     * Trap wording: the engine's message must start with the script's text, or the script's text must
     * start with the kind's message (the script sometimes appends detail, e.g. "uninitialized element 2").
     */
    private void checkTrapWording(SpecCommand c, TrapException t) {
        String expected = c.text() == null ? "" : c.text();
        String actual = String.valueOf(t.getMessage());
        if (actual.startsWith(expected) || expected.startsWith(t.kind().message())) {
            if (!actual.startsWith(expected)) SpecReport.wordingMismatch(name, c, actual);
            return;
        }
        fail((c.action() != null ? c.action().text() : c.filename()) + ": expected trap \"" + expected
                + "\" but trapped with " + t.kind() + ": \"" + actual + "\"");
    }

    /** Module-level error wording, reported (not failed) when it disagrees: either text may carry extra detail. */
    static boolean wordingAgrees(String expected, String actual) {
        if (expected == null || actual == null) return expected == null;
        return actual.startsWith(expected) || expected.startsWith(actual);
    }

    private static String describe(Throwable t) {
        String type = t instanceof WasmException ? t.getClass().getSimpleName() : t.getClass().getName();
        if (t instanceof TrapException te) type += "(" + te.kind() + ")";
        return type + ": " + t.getMessage();
    }

    private static void failUnexpected(String what, Throwable t) {
        fail(what + ": unexpected " + describe(t), t);
    }

    /** A value or the throwable the engine produced (anything, including errors such as StackOverflowError). */
    private record Result<T>(T value, Throwable error) {
    }

    private interface Attempt<T> {
        T run();
    }

    private static <T> Result<T> attempt(Attempt<T> body) {
        try {
            return new Result<>(body.run(), null);
        } catch (Throwable t) {
            return new Result<>(null, t);
        }
    }

    @Override
    public String toString() {
        return name + " (" + commands.size() + " commands)";
    }

    /** Arguments in slot form, in order (a v128 takes two slots). */
    public static long[] argumentSlots(List<SpecValue> args) {
        int n = 0;
        for (SpecValue v : args) n += v.slots();
        long[] out = new long[n];
        int at = 0;
        for (SpecValue v : args) {
            v.writeSlots(out, at);
            at += v.slots();
        }
        return out;
    }
}
