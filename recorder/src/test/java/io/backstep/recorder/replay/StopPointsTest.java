package io.backstep.recorder.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry on its own: checks and compiles on add, ids, order, and the version hit caches key on. */
class StopPointsTest {
    private static CompiledModule fib() throws IOException {
        try (InputStream in = StopPointsTest.class.getResourceAsStream("/samples/fib.wasm")) {
            return Wasm.load(in.readAllBytes());
        }
    }

    private static int function(CompiledModule m, String name) {
        for (Map.Entry<Integer, String> e : m.module().names().functionNames().entrySet()) {
            if (e.getValue().equals(name)) return e.getKey();
        }
        throw new AssertionError(name);
    }

    @Test
    void breakpointsAreCheckedCompiledAndVersioned() throws IOException {
        CompiledModule m = fib();
        StopPoints p = new StopPoints(m);
        int fib = function(m, "fib");
        long v0 = p.breakpointsVersion();
        Breakpoint a = p.addBreakpoint(fib, -1, "  $0 == 1 ");
        Breakpoint b = p.addBreakpoint(fib, -1, " ");
        assertEquals("$0 == 1", a.condition(), "the condition is kept trimmed");
        assertNull(b.condition(), "a blank condition is none");
        assertNotEquals(a.id(), b.id());
        assertEquals(List.of(a, b), p.breakpoints());
        Probe probe = p.probe(a.id());
        assertEquals(Stop.Reason.BREAKPOINT, probe.reason());
        assertEquals(m.function(fib).instructionPc(0), probe.pc(), "offset -1 is the first instruction");
        assertTrue(probe.condition() != null && probe.condition().text().equals("$0 == 1"));

        long v1 = p.breakpointsVersion();
        assertNotEquals(v0, v1);
        p.setBreakpointEnabled(a.id(), false);
        assertFalse(p.breakpoints().get(0).enabled());
        long v2 = p.breakpointsVersion();
        assertNotEquals(v1, v2);
        // Watchpoints do not change where breakpoints hit: the cached hit list stays valid.
        int w = p.addMemoryWatchpoint(16, 4).id();
        p.setWatchpointEnabled(w, false);
        p.removeWatchpoint(w);
        assertEquals(v2, p.breakpointsVersion());
        p.removeBreakpoint(b.id());
        assertNotEquals(v2, p.breakpointsVersion());
        assertThrows(IllegalArgumentException.class, () -> p.probe(b.id()));
    }

    @Test
    void badRequestsAreRefusedWithWhatIsWrong() throws IOException {
        CompiledModule m = fib();
        StopPoints p = new StopPoints(m);
        int fib = function(m, "fib");
        long v = p.breakpointsVersion();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.addBreakpoint(fib, -1, "$0 ==")).getMessage().contains("condition"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.addBreakpoint(fib, 1 << 30, null)).getMessage().contains("not inside function"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.addBreakpoint(100_000, -1, null)).getMessage().contains("does not exist"));
        assertThrows(IllegalArgumentException.class, () -> p.addMemoryWatchpoint(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> p.addMemoryWatchpoint(0xFFFF_FFFEL, 4));
        assertThrows(IllegalArgumentException.class, () -> p.addGlobalWatchpoint(m.module().globalCount()));
        assertEquals(v, p.breakpointsVersion(), "nothing was added");
        assertTrue(p.breakpoints().isEmpty() && p.watchpoints().isEmpty());
    }
}
