package io.backstep.recorder.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The checkpoint interval follows the written bytes per instruction, between the base and the limit. */
class IntervalPolicyTest {
    private static final long BASE = 1 << 20;

    @Test
    void denseWritesDoubleTheIntervalUpToTheLimitAndSparseOnesHalveItBackToTheBase() {
        IntervalPolicy p = new IntervalPolicy(BASE, 8 * BASE);
        assertEquals(BASE, p.current());
        int dense = (int) (BASE / 4096); // a byte per instruction
        p.ended(BASE, dense);
        assertEquals(2 * BASE, p.current());
        p.ended(2 * BASE, dense);
        p.ended(4 * BASE, dense);
        assertEquals(8 * BASE, p.current());
        p.ended(8 * BASE, (int) (8 * BASE / 4096));
        assertEquals(8 * BASE, p.current(), "never past the limit");
        // Between the thresholds the interval stays.
        p.ended(8 * BASE, (int) (8 * BASE * 0.001 / 4096));
        assertEquals(8 * BASE, p.current());
        p.ended(8 * BASE, 0);
        assertEquals(4 * BASE, p.current());
        p.ended(4 * BASE, 0);
        p.ended(2 * BASE, 0);
        p.ended(BASE, 0);
        assertEquals(BASE, p.current(), "never below the base");
        p.ended(0, 1000);
        assertEquals(BASE, p.current(), "an empty interval says nothing");
    }

    @Test
    void checkpointsFallOnMultiplesOfTheInterval() {
        IntervalPolicy p = new IntervalPolicy(BASE, 4 * BASE);
        assertEquals(BASE, p.budgetFrom(0));
        assertEquals(BASE - 5, p.budgetFrom(5));
        p.ended(BASE, (int) (BASE / 4096));
        assertEquals(BASE, p.budgetFrom(BASE), "from 1 * base, the next multiple of 2 * base");
        assertEquals(2 * BASE, p.budgetFrom(2 * BASE));
    }

    @Test
    void aFixedIntervalNeverChanges() {
        IntervalPolicy p = new IntervalPolicy(BASE, BASE);
        p.ended(BASE, (int) (BASE / 4096));
        assertEquals(BASE, p.current());
        assertEquals(BASE, new Recorder.Options().interval(BASE).maxInterval);
        assertEquals(Recorder.DEFAULT_MAX_INTERVAL, new Recorder.Options().maxInterval);
    }
}
