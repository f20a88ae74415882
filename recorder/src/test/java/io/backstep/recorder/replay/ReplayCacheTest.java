package io.backstep.recorder.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The replay's kept states stay within their budget, dropping the least recently used intervals first. */
class ReplayCacheTest {
    private static ReplayCache.Point point(int bytes) {
        return new ReplayCache.Point(new byte[bytes], 0);
    }

    @Test
    void theLeastRecentlyUsedIntervalsGoFirstThenTheCurrentOnesFinePoints() {
        ReplayCache cache = new ReplayCache(1000);
        assertTrue(cache.putBase(0, new byte[300]));
        assertTrue(cache.putCoarse(1, 10, point(300)));
        assertTrue(cache.putFine(2, 0, 5, point(300)));
        assertEquals(900, cache.bytes());
        cache.interval(0); // used again: interval 1 is now the oldest
        assertTrue(cache.putCoarse(2, 20, point(200)));
        assertNull(cache.peek(1), "the least recently used interval made room");
        assertNotNull(cache.peek(0));
        assertEquals(800, cache.bytes());
        // Room for interval 2 alone: the others go, then its own fine points.
        assertTrue(cache.putCoarse(2, 30, point(600)));
        assertNull(cache.peek(0));
        assertTrue(cache.peek(2).fine.isEmpty(), "fine points are dropped before refusing");
        assertEquals(2, cache.peek(2).coarse.size());
        assertEquals(800, cache.bytes());
        assertFalse(cache.putCoarse(2, 40, point(300)), "coarse points are never dropped from their own interval's chain");
        assertEquals(800, cache.bytes());
        assertEquals(800, cache.peek(2).bytes());
    }

    @Test
    void atMostAFixedNumberOfIntervals() {
        ReplayCache cache = new ReplayCache(1 << 20);
        for (int i = 0; i < ReplayCache.INTERVALS + 3; i++) assertTrue(cache.putBase(i, new byte[10]));
        for (int i = 0; i < 3; i++) assertNull(cache.peek(i));
        for (int i = 3; i < ReplayCache.INTERVALS + 3; i++) assertNotNull(cache.peek(i));
        assertEquals(10L * ReplayCache.INTERVALS, cache.bytes());
        cache.clear();
        assertEquals(0, cache.bytes());
    }
}
