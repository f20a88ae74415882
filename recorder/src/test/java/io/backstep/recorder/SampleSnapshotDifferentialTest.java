package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The snapshot differential test on the bundled C samples: run once live capturing WASI, then
 * (A) replay straight through, (B) replay to a pseudo-random step, snapshot, restore into a fresh
 * program and continue. B must end exactly like A: step count, exit status, memory, digest.
 */
class SampleSnapshotDifferentialTest {
    record Outcome(long steps, Machine.Status status, int exit, byte[] memory, long digest) {
    }

    private static Outcome outcome(WasiProgram p) {
        return new Outcome(p.machine().stepCount(), p.machine().status(), p.exitStatus(),
                p.instance().memory().read(0, p.instance().memory().byteSize()), StateDigest.of(p.machine(), p.instance()));
    }

    private static WasiProgram replayProgram(CompiledModule m, List<String> args, List<WasiEvent> events) {
        return WasiProgram.instantiate(m, WasiHost.replay(WasiConfig.builder().args(args).build(), events));
    }

    @ParameterizedTest
    @CsvSource({"hello,", "fib,12", "corruption,", "sort,", "files,.", "checksum,4", "bench,2"})
    void restoredRunEndsLikeAnUninterruptedOne(String sample, String arg, @TempDir Path dir) throws IOException {
        byte[] bytes = SeekTest.sample(sample);
        CompiledModule module = Wasm.load(bytes);
        List<String> args = new ArrayList<>(List.of(sample));
        if (arg != null) args.add(arg);

        // The live run, capturing every WASI call.
        List<WasiEvent> events = new ArrayList<>();
        WasiConfig live = WasiConfig.builder().args(args).preopen(dir, ".")
                .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build();
        WasiProgram original = WasiProgram.instantiate(module, WasiHost.live(live).listener(events::add));
        original.start();
        original.machine().run(Long.MAX_VALUE);
        Outcome expected = outcome(original);
        assertTrue(expected.steps() > 100, "a real run");

        // (A) straight replay reproduces the live run.
        WasiProgram a = replayProgram(module, args, events);
        a.start();
        a.machine().run(Long.MAX_VALUE);
        assertOutcome(expected, outcome(a));

        // (B) interrupted at several pseudo-random steps, restored into fresh programs.
        Random r = new Random(sample.hashCode());
        for (int i = 0; i < 3; i++) {
            long k = 1 + (long) (r.nextDouble() * (expected.steps() - 2));
            WasiProgram b = replayProgram(module, args, events);
            b.start();
            b.machine().run(k);
            assertEquals(k, b.machine().stepCount());
            byte[] snap = Snapshot.capture(b.machine(), b.instance());
            int wasiPosition = b.host().replayPosition();

            WasiProgram c = replayProgram(Wasm.load(bytes), args, events);
            Snapshot.restore(snap, c.machine(), c.instance());
            c.host().replayPosition(wasiPosition);
            assertEquals(StateDigest.of(b.machine(), b.instance()), StateDigest.of(c.machine(), c.instance()), "restored state at " + k);
            c.machine().run(Long.MAX_VALUE);
            assertOutcome(expected, outcome(c));
        }
    }

    private static void assertOutcome(Outcome expected, Outcome actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.exit(), actual.exit());
        assertArrayEquals(expected.memory(), actual.memory());
        assertEquals(expected.digest(), actual.digest());
    }
}
