package io.backstep.engine.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.decode.TestSuite.Command;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.validate.InvalidModuleException;
import io.backstep.engine.validate.ModuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every binary module of the official spec test suite through the decoder and module validator. */
class DecoderConformanceTest {
    /**
     * Malformations that live inside function bodies, which only the body compiler decodes: reserved
     * zero bytes of memory/call_indirect instructions, instructions needing the data count section,
     * overlong or too large LEB128 immediates of instructions (memarg, i32/i64.const, 0xFC sub-opcodes),
     * and a br_table whose target count runs into the following bytes. The module decoder cannot see these.
     */
    private static final Set<String> BODY_LEVEL_REASONS = Set.of("zero byte expected", "data count section required");
    private static final Set<String> BODY_LEVEL_FILES = Set.of(
            "binary.80.wasm", "binary.81.wasm", "binary.82.wasm", "binary.83.wasm",
            "binary.90.wasm", "binary.91.wasm", "binary.92.wasm", "binary.93.wasm",
            "binary.94.wasm", "binary.95.wasm", "binary.96.wasm", "binary.97.wasm",
            "binary.174.wasm",
            "binary-leb128.40.wasm", "binary-leb128.41.wasm", "binary-leb128.42.wasm", "binary-leb128.43.wasm",
            "binary-leb128.65.wasm", "binary-leb128.66.wasm", "binary-leb128.67.wasm", "binary-leb128.68.wasm",
            "binary-leb128.69.wasm", "binary-leb128.70.wasm", "binary-leb128.71.wasm", "binary-leb128.72.wasm",
            "binary-leb128.82.wasm");

    private static final List<String> MODULE_LEVEL_REASONS = List.of("constant expression required",
            "duplicate export name", "memory size must be at most 65536 pages (4GiB)", "multiple memories",
            "size minimum must not be greater than maximum", "start function");

    private static List<Command> commands;

    @BeforeAll
    static void load() {
        commands = TestSuite.commands();
        assertTrue(commands.size() > 1000, "expected thousands of commands, found " + commands.size());
    }

    private static WasmModule decodeAndValidate(byte[] bytes) {
        WasmModule m = ModuleDecoder.decode(bytes);
        ModuleValidator.validate(m);
        ModuleValidator.declaredFunctionReferences(m);
        return m;
    }

    private static boolean bodyLevel(Command c) {
        return BODY_LEVEL_REASONS.contains(c.text()) || BODY_LEVEL_FILES.contains(c.file().getFileName().toString());
    }

    @Test
    void validModulesDecodeAndValidate() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Command c : commands) {
            if (!Set.of("module", "assert_unlinkable", "assert_uninstantiable").contains(c.type())) continue;
            if ("text".equals(c.moduleType())) continue;
            n++;
            try {
                decodeAndValidate(c.bytes());
            } catch (RuntimeException e) {
                failures.add(c.where() + ": " + e);
            }
        }
        System.out.println("[conformance] valid modules: " + n + ", failures: " + failures.size());
        assertTrue(n > 1500, "too few modules: " + n);
        assertEquals(List.of(), failures);
    }

    @Test
    void malformedBinariesAreRejectedAsMalformed() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int bodyLevel = 0;
        int sameWording = 0;
        for (Command c : commands) {
            if (!c.type().equals("assert_malformed") || !"binary".equals(c.moduleType())) continue;
            if (bodyLevel(c)) {
                // Not visible to the module decoder; it must still not be reported as invalid or crash.
                bodyLevel++;
                try {
                    WasmModule m = decodeAndValidate(c.bytes());
                    if (m.bodies().length == 0) failures.add(c.where() + " listed as body-level but has no function body");
                } catch (MalformedModuleException e) {
                    // fine: caught early
                } catch (RuntimeException e) {
                    failures.add(c.where() + " body-level, expected '" + c.text() + "': " + e);
                }
                continue;
            }
            checked++;
            try {
                decodeAndValidate(c.bytes());
                failures.add(c.where() + " expected malformed '" + c.text() + "' but it decoded");
            } catch (MalformedModuleException e) {
                if (e.reason().startsWith(c.text())) {
                    sameWording++;
                } else {
                    System.out.println("[conformance] wording " + c.where() + ": expected '" + c.text() + "', got '" + e.reason() + "'");
                }
            } catch (RuntimeException e) {
                failures.add(c.where() + " expected malformed '" + c.text() + "': " + e);
            }
        }
        System.out.println("[conformance] malformed binaries checked: " + checked + ", same wording: " + sameWording
                + ", left to the body compiler: " + bodyLevel + ", failures: " + failures.size());
        assertTrue(checked > 690, "too few malformed binaries: " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void invalidModulesAreNotMalformed() {
        List<String> failures = new ArrayList<>();
        Map<String, int[]> byReason = new TreeMap<>();
        int total = 0;
        int caught = 0;
        for (Command c : commands) {
            if (!c.type().equals("assert_invalid")) continue;
            total++;
            int[] counts = byReason.computeIfAbsent(c.text(), k -> new int[2]);
            counts[1]++;
            try {
                decodeAndValidate(c.bytes());
            } catch (InvalidModuleException e) {
                caught++;
                counts[0]++;
            } catch (RuntimeException e) {
                failures.add(c.where() + " expected invalid '" + c.text() + "': " + e);
            }
        }
        System.out.println("[conformance] assert_invalid: " + total + ", rejected by the module validator: " + caught);
        byReason.forEach((k, v) -> System.out.println("[conformance]   " + v[0] + "/" + v[1] + "  " + k));
        assertTrue(total > 2000, "too few invalid modules: " + total);
        assertEquals(List.of(), failures);
        // These rules concern module structure only, so the module validator must catch every instance.
        for (String reason : MODULE_LEVEL_REASONS) {
            int[] counts = byReason.get(reason);
            assertTrue(counts != null && counts[1] > 0, "no test for " + reason);
            assertEquals(counts[1], counts[0], "invalid modules not rejected for '" + reason + "'");
        }
    }
}
