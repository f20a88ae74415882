package io.backstep.engine.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tallies of the conformance run (per command type and per script) and error texts that differ from
 * the script's wording without failing the test. Printed once all dynamic tests have run.
 */
final class SpecReport {
    enum Outcome {
        PASSED, FAILED, SKIPPED
    }

    private static final Map<String, int[]> BY_TYPE = new TreeMap<>();
    private static final Map<String, int[]> BY_SCRIPT = new TreeMap<>();
    private static final List<String> WORDING = new ArrayList<>();

    private SpecReport() {
    }

    static synchronized void record(String script, String type, Outcome outcome) {
        BY_TYPE.computeIfAbsent(type, k -> new int[3])[outcome.ordinal()]++;
        BY_SCRIPT.computeIfAbsent(script, k -> new int[3])[outcome.ordinal()]++;
    }

    static synchronized void wordingMismatch(String script, SpecCommand c, String actual) {
        WORDING.add(script + ".wast:" + c.line() + " " + c.type() + ": expected \"" + c.text() + "\", engine said \""
                + actual + "\"");
    }

    static synchronized boolean isEmpty() {
        return BY_TYPE.isEmpty();
    }

    /** Short summary for the console; {@code full} adds per-script lines and every wording mismatch. */
    static synchronized String summary(boolean full) {
        StringBuilder b = new StringBuilder("Wasm spec testsuite results\n");
        b.append(String.format("  %-22s %8s %8s %8s%n", "command", "passed", "failed", "skipped"));
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : BY_TYPE.entrySet()) {
            int[] n = e.getValue();
            b.append(String.format("  %-22s %8d %8d %8d%n", e.getKey(), n[0], n[1], n[2]));
            for (int i = 0; i < 3; i++) total[i] += n[i];
        }
        b.append(String.format("  %-22s %8d %8d %8d%n", "total", total[0], total[1], total[2]));
        long clean = BY_SCRIPT.values().stream().filter(n -> n[1] == 0 && n[0] > 0).count();
        long textOnly = BY_SCRIPT.values().stream().filter(n -> n[0] == 0 && n[1] == 0).count();
        b.append("  scripts passing completely: ").append(clean).append(" of ").append(BY_SCRIPT.size())
                .append(" (plus ").append(textOnly).append(" with only skipped text-format cases)\n");
        b.append("  error texts worded differently (not failures): ").append(WORDING.size()).append('\n');
        if (full) {
            b.append("\nPer script (passed/failed/skipped):\n");
            BY_SCRIPT.forEach((s, n) -> b.append(String.format("  %-40s %6d %6d %6d%n", s, n[0], n[1], n[2])));
            b.append("\nWording differences:\n");
            for (String w : WORDING) b.append("  ").append(w).append('\n');
        } else {
            for (int i = 0; i < Math.min(10, WORDING.size()); i++) b.append("    ").append(WORDING.get(i)).append('\n');
        }
        return b.toString();
    }
}
