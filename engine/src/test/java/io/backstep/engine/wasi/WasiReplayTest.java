package io.backstep.engine.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capture a live run as events, then replay it with no access to the host at all. */
class WasiReplayTest {
    @TempDir
    Path liveDir;
    @TempDir
    Path emptyDir;

    /** What the guest program observed: every errno (or exit code), in order. */
    private static List<Long> program(WasiFixture g) {
        List<Long> r = new ArrayList<>();
        Memory m = g.mem;
        r.add((long) g.call("args_sizes_get", 0x100, 0x104));
        r.add((long) g.call("args_get", 0x200, 0x300));
        r.add((long) g.call("environ_sizes_get", 0x108, 0x10C));
        r.add((long) g.call("environ_get", 0x240, 0x340));
        r.add((long) g.call("clock_time_get", 0, 1000L, 0x400));
        r.add((long) g.call("clock_time_get", 1, 1L, 0x408));
        r.add((long) g.call("clock_res_get", 0, 0x410));
        r.add((long) g.call("random_get", 0x500, 16));
        r.add((long) g.call("fd_prestat_get", 3, 0x600));
        r.add((long) g.call("fd_prestat_dir_name", 3, 0x610, m.loadI32(0x604)));
        r.add((long) g.call("fd_fdstat_get", 1, 0x620));

        m.write(0x1000, "data.txt".getBytes(StandardCharsets.UTF_8));
        r.add((long) g.call("path_open", 3, 1, 0x1000, 8, WasiFixture.O_CREAT | WasiFixture.O_TRUNC,
                WasiFixture.RIGHTS_RW, WasiFixture.RIGHTS_RW, 0, 0x700));
        int fd = m.loadI32(0x700);
        m.write(0x3000, "recorded payload".getBytes(StandardCharsets.UTF_8));
        m.storeI32(0x2000, 0x3000);
        m.storeI32(0x2004, 16);
        r.add((long) g.call("fd_write", fd, 0x2000, 1, 0x710));
        r.add((long) g.call("fd_seek", fd, 0L, 0, 0x720));
        m.storeI32(0x2010, 0x4000);
        m.storeI32(0x2014, 64);
        r.add((long) g.call("fd_read", fd, 0x2010, 1, 0x730));
        r.add((long) g.call("fd_filestat_get", fd, 0x800));
        r.add((long) g.call("fd_readdir", 3, 0x5000, 512, 0L, 0x740));

        m.write(0x3100, "hello from guest\n".getBytes(StandardCharsets.UTF_8));
        m.storeI32(0x2020, 0x3100);
        m.storeI32(0x2024, 17);
        r.add((long) g.call("fd_write", 1, 0x2020, 1, 0x750));
        m.storeI32(0x2030, 0x4100);
        m.storeI32(0x2034, 32);
        r.add((long) g.call("fd_read", 0, 0x2030, 1, 0x760));

        m.storeI64(0x6000, 42);
        m.storeI8(0x6008, (byte) 0);
        m.storeI32(0x6010, 1);
        m.storeI64(0x6018, 1_000_000L);
        r.add((long) g.call("poll_oneoff", 0x6000, 0x6100, 1, 0x770));

        m.write(0x1000, "missing.txt".getBytes(StandardCharsets.UTF_8));
        r.add((long) g.call("path_open", 3, 1, 0x1000, 11, 0, WasiFixture.RIGHTS_READ, 0L, 0, 0x700));
        m.write(0x1000, "../escape".getBytes(StandardCharsets.UTF_8));
        r.add((long) g.call("path_open", 3, 1, 0x1000, 9, 0, WasiFixture.RIGHTS_READ, 0L, 0, 0x700));
        r.add((long) g.call("fd_close", fd));
        m.write(0x1000, "data.txt".getBytes(StandardCharsets.UTF_8));
        r.add((long) g.call("path_unlink_file", 3, 0x1000, 8));
        r.add((long) g.call("sock_accept", 3, 0, 0x780));
        try {
            g.host.callback("proc_exit").call(g.ctx, new long[] {7});
            r.add(-1L);
        } catch (WasiExitException e) {
            r.add(1000L + e.exitCode());
        }
        return r;
    }

    /** A clock that fails the test if replay ever consults it. */
    private static final WasiClock FORBIDDEN_CLOCK = new WasiClock() {
        @Override
        public long now(int clockId) {
            throw new AssertionError("replay read the clock");
        }

        @Override
        public long resolution(int clockId) {
            throw new AssertionError("replay read the clock resolution");
        }

        @Override
        public void sleep(long nanos) {
            throw new AssertionError("replay slept");
        }
    };

    @Test
    void captureThenReplayWithoutTouchingTheHost() throws IOException {
        Files.writeString(liveDir.resolve("existing.txt"), "was here");
        ByteArrayOutputStream liveOut = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock(1_650_000_000_000_000_000L, 17, 1000);
        WasiConfig liveConfig = WasiConfig.builder().args("prog", "--flag").env("HOME", "/home/guest")
                .preopen(liveDir, "/data").stdin("typed input".getBytes(StandardCharsets.UTF_8)).stdout(liveOut)
                .clock(clock).random(WasiRandom.seeded(99)).build();
        WasiHost.Recorder recorder = new WasiHost.Recorder();
        WasiFixture live = new WasiFixture(WasiHost.live(liveConfig));
        live.host.listener(recorder);
        List<Long> liveResults = program(live);
        List<WasiEvent> events = recorder.events();

        // the live run really did things
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                (long) Errno.NOENT, (long) Errno.NOTCAPABLE, 0L, 0L, (long) Errno.NOTSUP, 1007L), liveResults);
        assertEquals("recorded payload", new String(live.mem.read(0x4000, 16), StandardCharsets.UTF_8));
        assertEquals("typed input", new String(live.mem.read(0x4100, 11), StandardCharsets.UTF_8));
        assertEquals("hello from guest\n", liveOut.toString(StandardCharsets.UTF_8));
        assertEquals(liveResults.size(), events.size());
        // The clock ticks 17 ns per reading: two clock_time_get reads, then poll_oneoff reads it to set the
        // deadline (now + 1 ms), to compute the wait (1 ms - 17 ns, slept virtually) and to check what fired.
        assertEquals(5 * 17 + (1_000_000L - 17), clock.elapsed(), "poll slept until its 1 ms deadline on the virtual clock");
        assertEquals(42L, live.mem.loadI64(0x6100), "the clock subscription's userdata came back");

        // journal the events and read them back, as the recorder will
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(journal);
        for (WasiEvent e : events) e.writeTo(out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(journal.toByteArray()));
        List<WasiEvent> loaded = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) loaded.add(WasiEvent.readFrom(in));
        assertEquals(events, loaded);

        // replay: other args, no real clock/random/stdin, and an EMPTY directory as the preopen
        ByteArrayOutputStream replayOut = new ByteArrayOutputStream();
        InputStream forbiddenStdin = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("replay read stdin");
            }
        };
        WasiConfig replayConfig = WasiConfig.builder().args("other").preopen(emptyDir, "/data")
                .stdin(forbiddenStdin).stdout(replayOut).clock(FORBIDDEN_CLOCK)
                .random(dst -> {
                    throw new AssertionError("replay drew random bytes");
                }).build();
        WasiFixture replay = new WasiFixture(WasiHost.replay(replayConfig, loaded));
        List<Long> replayResults = program(replay);

        assertEquals(liveResults, replayResults);
        assertArrayEquals(live.mem.read(0, Memory.PAGE_SIZE), replay.mem.read(0, Memory.PAGE_SIZE));
        assertEquals("hello from guest\n", replayOut.toString(StandardCharsets.UTF_8));
        assertEquals(events, replay.events, "replay re-emits the same events to its listener");
        assertEquals(events.size(), replay.host.replayPosition());
        try (var s = Files.list(emptyDir)) {
            assertEquals(0, s.count(), "replay created nothing on the host");
        }
        assertEquals(List.of("existing.txt"), Files.list(liveDir).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void replayNeedsNoPreopenOnThisMachine() {
        WasiConfig config = WasiConfig.builder().preopen(Path.of("/no/such/recorded/dir"), "/d").build();
        WasiHost host = WasiHost.replay(config, List.of(
                WasiEvent.returned(WasiFunction.FD_PRESTAT_GET, new long[] {3, 0x10}, 0,
                        List.of(new WasiEvent.MemoryWrite(0x10, new byte[] {0, 0, 0, 0, 2, 0, 0, 0})), 0, null)));
        WasiFixture g = new WasiFixture(host);
        assertEquals(0, g.call("fd_prestat_get", 3, 0x10));
        assertEquals(2, g.u32(0x14));
    }

    private static List<WasiEvent> recordSmallRun() {
        WasiFixture live = WasiFixture.live(WasiConfig.builder().args("a", "bb").clock(new ManualClock(5)).build());
        live.call("args_sizes_get", 0x100, 0x104);
        live.call("clock_time_get", 0, 0L, 0x108);
        live.call("sched_yield");
        return List.copyOf(live.events);
    }

    @Test
    void differentFunctionDiverges() {
        WasiFixture g = new WasiFixture(WasiHost.replay(WasiConfig.builder().build(), recordSmallRun()));
        ReplayDivergenceException e = assertThrows(ReplayDivergenceException.class, () -> g.call("clock_time_get", 0, 0L, 0x108));
        assertEquals(0, e.eventIndex());
        assertTrue(e.getMessage().contains("args_sizes_get"), e.getMessage());
        assertTrue(e.getMessage().contains("clock_time_get"), e.getMessage());
    }

    @Test
    void differentArgumentsDiverge() {
        WasiFixture g = new WasiFixture(WasiHost.replay(WasiConfig.builder().build(), recordSmallRun()));
        assertEquals(0, g.call("args_sizes_get", 0x100, 0x104));
        ReplayDivergenceException e = assertThrows(ReplayDivergenceException.class, () -> g.call("clock_time_get", 0, 5L, 0x108));
        assertEquals(1, e.eventIndex());
        assertThrows(ReplayDivergenceException.class, () -> g.call("clock_time_get", 0, 0L, 0x10C));
        // the matching call still works: a divergence does not consume the event
        assertEquals(0, g.call("clock_time_get", 0, 0L, 0x108));
        assertEquals(5L, g.u64(0x108));
    }

    @Test
    void runningPastTheRecordingDiverges() {
        List<WasiEvent> events = recordSmallRun();
        WasiFixture g = new WasiFixture(WasiHost.replay(WasiConfig.builder().build(), events));
        g.call("args_sizes_get", 0x100, 0x104);
        g.call("clock_time_get", 0, 0L, 0x108);
        g.call("sched_yield");
        ReplayDivergenceException e = assertThrows(ReplayDivergenceException.class, () -> g.call("sched_yield"));
        assertEquals(events.size(), e.eventIndex());
    }

    @Test
    void replayCanResumeFromAnEventIndex() {
        List<WasiEvent> events = recordSmallRun();
        WasiFixture g = new WasiFixture(WasiHost.replay(WasiConfig.builder().build(), events));
        g.host.replayPosition(1);
        assertEquals(0, g.call("clock_time_get", 0, 0L, 0x108));
        assertEquals(5L, g.u64(0x108));
        assertEquals(0, g.u32(0x100), "event 0 was skipped, so its write did not happen");
        assertThrows(IndexOutOfBoundsException.class, () -> g.host.replayPosition(99));
    }

    @Test
    void trapsAndExitsReplayAsRecorded() {
        WasiFixture live = WasiFixture.live(WasiConfig.builder().args("x").build());
        assertThrows(TrapException.class, () -> live.call("args_sizes_get", 0x100, 0xFFFFFFF0L));
        assertThrows(WasiExitException.class, () -> live.call("proc_exit", 12));
        WasiFixture replay = new WasiFixture(WasiHost.replay(WasiConfig.builder().build(), live.events));
        TrapException t = assertThrows(TrapException.class, () -> replay.call("args_sizes_get", 0x100, 0xFFFFFFF0L));
        assertEquals(live.events.get(0).trapKind(), t.kind());
        assertEquals(1, replay.u32(0x100), "the write made before the trap is replayed too");
        assertEquals(12, assertThrows(WasiExitException.class, () -> replay.call("proc_exit", 12)).exitCode());
    }
}
