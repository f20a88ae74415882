package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.BUF;
import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static io.backstep.engine.wasi.WasiFixture.RESULT2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WasiArgsClockRandomTest {
    @Test
    void argsLayout() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().args("prog.wasm", "héllo", "").build());
        assertEquals(0, g.call("args_sizes_get", RESULT, RESULT2));
        assertEquals(3, g.u32(RESULT));
        // "prog.wasm\0" (10) + "héllo\0" (é is 2 bytes in UTF-8: 7) + "\0" (1)
        assertEquals(18, g.u32(RESULT2));

        int argv = 0x500, buf = 0x600;
        assertEquals(0, g.call("args_get", argv, buf));
        assertEquals(buf, g.u32(argv));
        assertEquals(buf + 10, g.u32(argv + 4));
        assertEquals(buf + 17, g.u32(argv + 8));
        assertEquals("prog.wasm", g.cString(g.u32(argv)));
        assertEquals("héllo", g.cString(g.u32(argv + 4)));
        assertEquals("", g.cString(g.u32(argv + 8)));
        byte[] expected = "prog.wasm\0héllo\0\0".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, g.mem.read(buf, expected.length));
        // Nothing written past the buffer the sizes call announced.
        assertEquals(0, g.mem.loadI8(buf + 18));
        assertEquals(0, g.u32(argv + 12));
    }

    @Test
    void environLayoutKeepsOrder() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().env("ZED", "1").env("ALPHA", "two=2").envEntry("MID=").build());
        assertEquals(0, g.call("environ_sizes_get", RESULT, RESULT2));
        assertEquals(3, g.u32(RESULT));
        assertEquals("ZED=1\0ALPHA=two=2\0MID=\0".length(), g.u32(RESULT2));
        assertEquals(0, g.call("environ_get", 0x500, 0x600));
        assertEquals("ZED=1", g.cString(g.u32(0x500)));
        assertEquals("ALPHA=two=2", g.cString(g.u32(0x504)));
        assertEquals("MID=", g.cString(g.u32(0x508)));
        assertEquals(0x600 + 6, g.u32(0x504));
    }

    @Test
    void emptyArgsAndEnviron() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        g.mem.storeI32(RESULT, 99);
        g.mem.storeI32(RESULT2, 99);
        assertEquals(0, g.call("environ_sizes_get", RESULT, RESULT2));
        assertEquals(0, g.u32(RESULT));
        assertEquals(0, g.u32(RESULT2));
    }

    @Test
    void outOfBoundsPointerTraps() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().args("a", "b").build());
        TrapException t = assertThrows(TrapException.class, () -> g.call("args_get", 65536 - 4, 0x600));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, t.kind());
        // A pointer with the top bit set is a large unsigned address, not a negative one.
        assertThrows(TrapException.class, () -> g.call("args_sizes_get", 0x80000000L, RESULT2));
        assertThrows(TrapException.class, () -> g.call("args_sizes_get", -4L, RESULT2));
        WasiEvent last = g.events.get(g.events.size() - 1);
        assertEquals(WasiEvent.Outcome.TRAPPED, last.outcome());
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, last.trapKind());
    }

    @Test
    void configRejectsNulAndBadNames() {
        assertThrows(WasiConfigException.class, () -> WasiConfig.builder().arg("a\0b"));
        assertThrows(WasiConfigException.class, () -> WasiConfig.builder().env("A=B", "c"));
        assertThrows(WasiConfigException.class, () -> WasiConfig.builder().envEntry("NOEQUALS"));
    }

    @Test
    void clocksComeFromTheInjectedSource() {
        ManualClock clock = new ManualClock(1_700_000_000_123_456_789L, 0, 1000);
        WasiFixture g = WasiFixture.live(WasiConfig.builder().clock(clock).build());
        assertEquals(0, g.call("clock_time_get", 0, 1_000_000L, RESULT));
        assertEquals(1_700_000_000_123_456_789L, g.u64(RESULT));
        assertEquals(0, g.call("clock_time_get", 1, 0L, RESULT));
        assertEquals(0L, g.u64(RESULT));
        clock.advance(2_500);
        assertEquals(0, g.call("clock_time_get", 1, 0L, RESULT));
        assertEquals(2_500L, g.u64(RESULT));
        assertEquals(0, g.call("clock_time_get", 0, 0L, RESULT));
        assertEquals(1_700_000_000_123_459_289L, g.u64(RESULT));
        assertEquals(0, g.call("clock_res_get", 1, RESULT));
        assertEquals(1000L, g.u64(RESULT));
        assertEquals(Errno.INVAL, g.call("clock_time_get", 4, 0L, RESULT));
        assertEquals(Errno.INVAL, g.call("clock_res_get", -1, RESULT));
    }

    @Test
    void systemClockIsPlausible() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        assertEquals(0, g.call("clock_time_get", 0, 1L, RESULT));
        long t = g.u64(RESULT);
        long javaNow = System.currentTimeMillis() * 1_000_000L;
        // within a day of the JVM's idea of now (no tight wall-clock threshold)
        assertEquals(true, Math.abs(t - javaNow) < 86_400_000_000_000L);
        assertEquals(0, g.call("clock_res_get", 0, RESULT));
        assertEquals(true, g.u64(RESULT) > 0);
    }

    @Test
    void randomComesFromTheInjectedSource() {
        WasiRandom pattern = dst -> {
            for (int i = 0; i < dst.length; i++) dst[i] = (byte) (i * 7 + 1);
        };
        WasiFixture g = WasiFixture.live(WasiConfig.builder().random(pattern).build());
        g.mem.write(BUF, new byte[] {9, 9, 9, 9, 9, 9, 9});
        assertEquals(0, g.call("random_get", BUF + 1, 5));
        assertArrayEquals(new byte[] {9, 1, 8, 15, 22, 29, 9}, g.mem.read(BUF, 7));
        assertThrows(TrapException.class, () -> g.call("random_get", 65530, 7));
    }

    @Test
    void seededRandomIsReproducible() {
        WasiFixture a = WasiFixture.live(WasiConfig.builder().random(WasiRandom.seeded(7)).build());
        WasiFixture b = WasiFixture.live(WasiConfig.builder().random(WasiRandom.seeded(7)).build());
        WasiFixture c = WasiFixture.live(WasiConfig.builder().random(WasiRandom.seeded(8)).build());
        for (WasiFixture g : new WasiFixture[] {a, b, c}) assertEquals(0, g.call("random_get", BUF, 32));
        assertArrayEquals(a.mem.read(BUF, 32), b.mem.read(BUF, 32));
        assertEquals(false, java.util.Arrays.equals(a.mem.read(BUF, 32), c.mem.read(BUF, 32)));
    }

    /** Writes one 48-byte subscription at {@code at}. */
    private static void clockSub(WasiFixture g, int at, long userdata, int clockId, long timeout, int flags) {
        g.mem.fill(at, 48, (byte) 0);
        g.mem.storeI64(at, userdata);
        g.mem.storeI8(at + 8, (byte) 0);
        g.mem.storeI32(at + 16, clockId);
        g.mem.storeI64(at + 24, timeout);
        g.mem.storeI64(at + 32, 0);
        g.mem.storeI16(at + 40, (short) flags);
    }

    private static void fdSub(WasiFixture g, int at, long userdata, int type, int fd) {
        g.mem.fill(at, 48, (byte) 0);
        g.mem.storeI64(at, userdata);
        g.mem.storeI8(at + 8, (byte) type);
        g.mem.storeI32(at + 16, fd);
    }

    @Test
    void pollClockSleepsOnTheInjectedClock() {
        ManualClock clock = new ManualClock(5_000_000_000L);
        WasiFixture g = WasiFixture.live(WasiConfig.builder().clock(clock).build());
        int in = 0x400, out = 0x600;
        clockSub(g, in, 0xABCDEF0123L, 1, 3_000_000L, 0);
        clockSub(g, in + 48, 77, 1, 9_000_000L, 0);
        assertEquals(0, g.call("poll_oneoff", in, out, 2, RESULT));
        assertEquals(3_000_000L, clock.elapsed());
        assertEquals(1, g.u32(RESULT));
        assertEquals(0xABCDEF0123L, g.u64(out));
        assertEquals(0, g.mem.loadI16(out + 8));
        assertEquals(0, g.mem.loadI8(out + 10));

        // absolute deadline already passed: fires at once without sleeping
        clockSub(g, in, 5, 0, 1_000L, 1);
        assertEquals(0, g.call("poll_oneoff", in, out, 1, RESULT));
        assertEquals(3_000_000L, clock.elapsed());
        assertEquals(1, g.u32(RESULT));
        assertEquals(5L, g.u64(out));

        // absolute realtime deadline in the future: sleeps exactly up to it
        clockSub(g, in, 6, 0, 5_000_000_000L + 10_000_000L, 1);
        assertEquals(0, g.call("poll_oneoff", in, out, 1, RESULT));
        assertEquals(10_000_000L, clock.elapsed());
    }

    @Test
    void pollFdSubscriptionsAreReadyImmediately() {
        ManualClock clock = new ManualClock(0);
        WasiFixture g = WasiFixture.live(WasiConfig.builder().clock(clock).stdin(new byte[] {1, 2, 3}).build());
        int in = 0x400, out = 0x600;
        clockSub(g, in, 1, 1, 1_000_000_000L, 0);
        fdSub(g, in + 48, 2, 1, 0);
        fdSub(g, in + 96, 3, 2, 1);
        fdSub(g, in + 144, 4, 1, 42);
        assertEquals(0, g.call("poll_oneoff", in, out, 4, RESULT));
        assertEquals(0L, clock.elapsed(), "a ready fd means no waiting");
        assertEquals(3, g.u32(RESULT));
        assertEquals(2L, g.u64(out));
        assertEquals(1, g.mem.loadI8(out + 10));
        assertEquals(3L, g.u64(out + 16), "stdin has 3 bytes available");
        assertEquals(3L, g.u64(out + 32));
        assertEquals(2, g.mem.loadI8(out + 42));
        assertEquals(4L, g.u64(out + 64));
        assertEquals(Errno.BADF, g.mem.loadI16(out + 72));
        assertEquals(Errno.INVAL, g.call("poll_oneoff", in, out, 0, RESULT));
    }

    @Test
    void trivialCalls() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        assertEquals(0, g.call("sched_yield"));
        assertEquals(Errno.NOSYS, g.call("proc_raise", 6));
    }
}
