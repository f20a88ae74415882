package io.backstep.app.cli;

import io.backstep.engine.debuginfo.SourceFile;
import io.backstep.engine.source.SourceLocator;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.bundle.Manifest;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recording;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code backstep info}: what a recording holds. */
final class InfoCommand implements CliCommand {
    private final PrintStream out;

    InfoCommand(PrintStream out) {
        this.out = out;
    }

    @Override public String name() { return "info"; }
    @Override public String summary() { return "Show what a recording holds"; }
    @Override public List<Option> options() { return List.of(RecordingArgs.SOURCE_DIR, RecordingArgs.JSON); }

    @Override
    public String usage() {
        return """
            Usage: backstep info FILE.bstrace|JOURNALDIR [--source-dir DIR]... [--json]

            Shows what a recording holds: the module (SHA-256), the program's arguments and
            environment, how many instructions were recorded and how the run ended, the snapshots
            (full and incremental) and how many journal bytes each instruction cost, and whether
            the module has debug info (DWARF version, its source files and how many are found on
            this machine). JOURNALDIR is a recording a killed 'record' left behind (see
            'backstep clean').
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        RecordingArgs o = RecordingArgs.of(a, name());
        try (TraceFile t = TraceFile.open(o.file)) {
            Manifest m = null; // a journal directory has no manifest
            if (t.isBundle()) {
                try {
                    m = Bundle.manifest(t.file);
                } catch (RuntimeException e) {
                    throw new CliException(Cli.ERROR, e.getMessage());
                }
            }
            Map<String, Object> info = info(t.recording, m);
            SourceModel source = SourceModel.of(io.backstep.engine.Wasm.load(t.recording.header().module()).module());
            SourceLocator locator = o.locator();
            info.put("debugInfo", debugInfo(source, locator));
            if (o.json) {
                out.print(Json.write(info));
            } else {
                printText(t.recording, m);
                printDebugInfo(source, locator);
            }
            return Cli.OK;
        }
    }

    static String endText(EndInfo e) {
        return switch (e.kind()) {
            case FINISHED -> "finished (exit status 0)";
            case EXITED -> "exited with status " + e.exitCode();
            case TRAPPED -> "trap: " + e.message();
            case STOPPED -> "stopped: " + e.message();
            case INCOMPLETE -> "incomplete: " + e.message();
            case INTERRUPTED -> "incomplete: " + e.message();
        };
    }

    /** {@code m} is null for a journal directory. */
    private static Map<String, Object> info(Recording r, Manifest m) {
        List<Checkpoint> cps = r.checkpoints();
        long full = cps.stream().filter(Checkpoint::full).count();
        long steps = r.endStep() - cps.get(0).step();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("formatVersion", m == null ? r.header().formatVersion() : m.formatVersion());
        j.put("toolVersion", m == null ? r.header().toolVersion() : m.toolVersion());
        j.put("created", m == null ? null : m.created());
        j.put("moduleSha256", r.header().moduleHashHex());
        j.put("moduleBytes", r.header().module().length);
        j.put("args", r.header().config().args());
        j.put("env", r.header().config().env());
        List<Object> pre = r.header().config().preopens().stream()
                .map(p -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("host", p.hostPath());
                    e.put("guest", p.guestPath());
                    return (Object) e;
                }).toList();
        j.put("preopens", pre);
        j.put("firstStep", cps.get(0).step());
        j.put("steps", r.endStep());
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("kind", r.end().kind().name().toLowerCase(Locale.ROOT));
        end.put("step", r.end().step());
        end.put("exitCode", r.end().kind() == EndInfo.Kind.EXITED || r.end().kind() == EndInfo.Kind.FINISHED ? r.end().exitCode() : null);
        end.put("message", r.end().message().isEmpty() ? null : r.end().message());
        j.put("end", end);
        Map<String, Object> snaps = new LinkedHashMap<>();
        snaps.put("total", cps.size());
        snaps.put("full", full);
        snaps.put("incremental", cps.size() - full);
        snaps.put("interval", r.header().checkpointInterval());
        snaps.put("longestInterval", longestInterval(cps));
        j.put("snapshots", snaps);
        j.put("wasiCalls", r.wasiEventCount());
        j.put("journalBytes", r.journalBytes());
        j.put("bytesPerInstruction", steps == 0 ? null : (double) r.journalBytes() / steps);
        Map<String, Object> window = null;
        if (m != null && m.window()) {
            window = new LinkedHashMap<>();
            window.put("from", m.windowFrom());
            window.put("to", m.windowTo());
            window.put("originalSteps", m.originalSteps());
        }
        j.put("window", window);
        List<Object> calls = new java.util.ArrayList<>();
        for (FunctionCalls c : mostCalled(r, TOP_CALLED)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("function", c.index());
            e.put("name", c.name());
            e.put("calls", c.calls());
            calls.add(e);
        }
        j.put("mostCalled", calls);
        return j;
    }

    /** {"present", "status", "dwarfVersion", "sourceFiles": [{"path", "found"}], "sourceFilesFound"}. */
    private static Map<String, Object> debugInfo(SourceModel source, SourceLocator locator) {
        Map<String, Object> j = new LinkedHashMap<>();
        List<SourceFile> files = source.sourceFiles();
        j.put("present", source.available());
        j.put("status", source.status());
        j.put("dwarfVersion", source.available() ? source.dwarfVersion() : null);
        List<Object> list = new java.util.ArrayList<>();
        int found = 0;
        for (SourceFile f : files) {
            java.nio.file.Path p = locator.find(f);
            if (p != null) found++;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", f.path());
            e.put("found", p == null ? null : p.toString());
            list.add(e);
        }
        j.put("sourceFilesFound", found);
        j.put("sourceFiles", list);
        return j;
    }

    private void printDebugInfo(SourceModel source, SourceLocator locator) {
        List<SourceFile> files = source.sourceFiles();
        if (!source.available()) {
            out.printf("debug info: none (%s)%n", SafeText.escape(source.status()));
            return;
        }
        List<String> found = new java.util.ArrayList<>();
        for (SourceFile f : files) {
            java.nio.file.Path p = locator.find(f);
            if (p != null) found.add(SafeText.escape(f.path()) + " -> " + SafeText.escape(p.toString()));
        }
        out.printf("debug info: DWARF %d, %d source files, %d found on this machine%n", source.dwarfVersion(), files.size(), found.size());
        for (String f : found) out.printf("  found:    %s%n", f);
    }

    static final int TOP_CALLED = 10;

    record FunctionCalls(int index, String name, long calls) {
    }

    /** The longest distance between two checkpoints (the interval stretches where the program writes much memory). */
    private static long longestInterval(List<Checkpoint> cps) {
        long longest = 0;
        for (int i = 1; i < cps.size(); i++) longest = Math.max(longest, cps.get(i).step() - cps.get(i - 1).step());
        return longest;
    }

    /** The functions entered most often over the recording (from the journal's per-interval call counts). */
    static List<FunctionCalls> mostCalled(Recording r, int max) {
        io.backstep.engine.model.WasmModule module = io.backstep.engine.Wasm.load(r.header().module()).module();
        long[] counts = r.callCounts(module.functionCount());
        List<FunctionCalls> all = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) continue;
            String name = module.functionName(i);
            all.add(new FunctionCalls(i, name != null ? name : "func[" + i + "]", counts[i]));
        }
        all.sort(java.util.Comparator.comparingLong(FunctionCalls::calls).reversed().thenComparingInt(FunctionCalls::index));
        return all.subList(0, Math.min(max, all.size()));
    }

    private void printText(Recording r, Manifest m) {
        List<Checkpoint> cps = r.checkpoints();
        long full = cps.stream().filter(Checkpoint::full).count();
        long steps = r.endStep() - cps.get(0).step();
        out.printf("module:     sha256 %s (%d bytes)%n", r.header().moduleHashHex(), r.header().module().length);
        // Names and the run configuration come from the recording, which may come from anyone: escaped.
        out.printf("args:       %s%n", SafeText.escape(String.join(" ", r.header().config().args())));
        if (!r.header().config().env().isEmpty()) out.printf("env:        %s%n", SafeText.escape(String.join(" ", r.header().config().env())));
        for (var p : r.header().config().preopens()) {
            out.printf("dir:        %s -> %s%n", SafeText.escape(p.hostPath()), SafeText.escape(p.guestPath()));
        }
        if (m != null && m.window()) {
            out.printf("window:     steps %d..%d of a recording of %d steps (asked for %d..%d)%n",
                    cps.get(0).step(), r.endStep(), m.originalSteps(), m.windowFrom(), m.windowTo());
        }
        out.printf("steps:      %d instructions%n", r.endStep());
        out.printf("end:        %s%n", SafeText.escape(endText(r.end())));
        long longest = longestInterval(cps);
        out.printf("snapshots:  %d (%d full, %d incremental), every %s instructions%n", cps.size(), full, cps.size() - full,
                longest > r.header().checkpointInterval() ? r.header().checkpointInterval() + " to " + longest : r.header().checkpointInterval());
        out.printf("wasi calls: %d%n", r.wasiEventCount());
        out.printf("journal:    %d bytes%s%n", r.journalBytes(),
                steps == 0 ? "" : String.format(Locale.ROOT, " (%.3f bytes per instruction)", (double) r.journalBytes() / steps));
        List<FunctionCalls> top = mostCalled(r, 5);
        if (!top.isEmpty()) {
            out.printf("most calls: %s%n", String.join(", ", top.stream().map(c -> SafeText.escape(c.name()) + " " + c.calls()).toList()));
        }
        if (m != null) out.printf("created:    %s by %s%n", m.created(), m.toolVersion());
        else out.printf("journal:    %s (not a .bstrace file: save it with 'backstep trim DIR -o FILE.bstrace')%n", r.directory());
    }
}
