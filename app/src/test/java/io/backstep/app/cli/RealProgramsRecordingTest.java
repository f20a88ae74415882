package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled sample and every real-world program of ../shared/realworld (LZ4, stb_image, the Lua
 * interpreter, randmem: real C, big functions, a 1.4 MB module, incompressible memory) is recorded,
 * replayed and queried through the command line, and each output is checked against the program's
 * known output: the samples' expected/*.txt, the realworld README's for randmem 8, and for the smaller
 * arguments used here (CI time) what Node.js's V8 prints for the same module and arguments
 * ({@code node samples/tools/run-node.mjs MODULE ARGS}), an engine independent of this one.
 */
class RealProgramsRecordingTest {
    private static final String LUA_SCRIPT = "local t={} for i=1,3000 do t[i]=string.format(\"%d:%d\",i,i*i%97) end "
            + "table.sort(t) local h=0 for i=1,#t do h=(h*31+#t[i])%1000003 end print(#t,t[1],t[#t],h)";

    /** name, the words after 'record -o OUT', expected stdout (null: the sample's expected file), expected status. */
    static Stream<Arguments> programs() {
        Path rw = io.backstep.engine.RealWorld.folder();
        String wasm = rw.resolve("wasm") + "/";
        List<Arguments> all = new ArrayList<>();
        for (String s : List.of("hello", "fib", "sort", "checksum", "bench", "bigprog")) all.add(Arguments.of(s, List.of(s), null, 0));
        all.add(Arguments.of("corruption", List.of("corruption"), null, Cli.TRAP));
        all.add(Arguments.of("lz4_bench 16", List.of(wasm + "lz4_bench.wasm", "16"),
                "in=16384 fast=7633 hc=4537 xxh32=b3a6b348 roundtrip=ok\n", 0));
        all.add(Arguments.of("lz4_bench.O0 16", List.of(wasm + "lz4_bench.O0.wasm", "16"),
                "in=16384 fast=7633 hc=4537 xxh32=b3a6b348 roundtrip=ok\n", 0));
        all.add(Arguments.of("image_bench 32", List.of(wasm + "image_bench.wasm", "32"),
                "side=32 png=885 bytes fnv=c76f0f3e lossless=yes jpg=733 bytes fnv=a050c1f7 mean_abs_err=1.468\n", 0));
        all.add(Arguments.of("lua -e", List.of(wasm + "lua.wasm", "-e", LUA_SCRIPT), "3000\t1000:27\t9:81\t128636\n", 0));
        all.add(Arguments.of("randmem 8", List.of(wasm + "randmem.wasm", "8"), "sum=12858548053091644\n", 0));
        all.add(Arguments.of("randmem.O0 2", List.of(wasm + "randmem.O0.wasm", "2"), "sum=3212011367754298\n", 0));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void recordsReplaysAndAnswers(String name, List<String> program, String expected, int status, @TempDir Path tmp) throws IOException {
        if (expected == null) expected = CliTestSupport.expected(program.get(0));
        Path out = tmp.resolve("rec.bstrace");
        List<String> cmd = new ArrayList<>(List.of("record", "-o", out.toString()));
        cmd.addAll(program);
        CliTestSupport.Result rec = CliTestSupport.run(cmd.toArray(String[]::new));
        assertEquals(status, rec.status(), rec.err());
        assertEquals(expected, rec.out(), "the program's output while recording");

        CliTestSupport.Result replay = CliTestSupport.run("replay", out.toString());
        assertEquals(0, replay.status(), replay.err());
        assertEquals(expected, replay.out(), "the replayed program's output");
        assertTrue(replay.err().contains("replay identical"), replay.err());

        CliTestSupport.Result info = CliTestSupport.run("info", out.toString());
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains(status == Cli.TRAP ? "end:        trap:" : "end:        finished"), info.out());

        try (Recording r = Bundle.open(out, tmp.resolve("work")); ReplayTimeline t = new ReplayTimeline(r)) {
            checkLastWrite(t);
        }
    }

    /**
     * Asks who last wrote the 16 bytes below the initial stack pointer (where main's frame lives) and
     * checks the answer against the replay itself: the writer's function is on top at the step
     * before, and the bytes do not change from the write to the end.
     */
    private static void checkLastWrite(ReplayTimeline t) {
        long end = t.endStep();
        long sp = t.seek(0).globals().get(0).value().lo() & 0xFFFFFFFFL;
        long address = sp - 16;
        byte[] last = t.seek(end).readMemory(address, 16);
        Optional<WriteInfo> w = t.lastWrite(address, 16, end);
        assertTrue(w.isPresent(), "main's frame is written");
        long s = w.get().step();
        assertTrue(s >= 1 && s <= end);
        for (long at : new long[] {s, s + (end - s) / 3, s + 2 * (end - s) / 3, end}) {
            assertArrayEquals(last, t.seek(at).readMemory(address, 16), "no write after step " + s + " (checked at " + at + ")");
        }
        if (w.get().hostCall() == null) {
            MachineState before = t.seek(s - 1);
            FrameInfo top = before.frames().get(before.frames().size() - 1);
            assertEquals(w.get().functionIndex(), top.functionIndex(), "the writer runs at the step before its write");
            assertEquals(w.get().wasmOffset(), top.wasmOffset());
        }
    }
}
