package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.MemoryRange;
import io.backstep.recorder.timeline.WriteInfo;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Which memory did this instruction's operands come from?": the address to ask "who wrote this?" about. */
class InputLoadsTest {
    /**
     * A divide by zero whose divisor is a struct member read from memory, as wat2wasm --debug-names builds:
     * <pre>
     * (module (memory (export "memory") 1)
     *   (func $ratio (param $total i32) (result i32)
     *     local.get $total  i32.const 0  i32.load offset=3456  i32.div_s)
     *   (func $fill            ;; total = 7, divisor = 3, then the bug: divisor = 0
     *     i32.const 3452 i32.const 7 i32.store
     *     i32.const 3456 i32.const 3 i32.store
     *     i32.const 3456 i32.const 0 i32.store)
     *   (func (export "_start") call $fill  i32.const 100 call $ratio drop))
     * </pre>
     */
    static final byte[] DIVIDE_BY_LOADED_ZERO = HexFormat.of().parseHex("0061736d0100000001090260017f017f6000000304030001010503010001071302066d"
        + "656d6f72790200065f737461727400020a33030b00200041002802801b6d0b1a0041fc1a410736020041801b410336020041801b41003602000b0a00100141"
        + "e40010001a0b0025046e616d65010e020005726174696f010466696c6c020e0300010005746f74616c01000200");

    @Test
    void theDivisorOfATrappingDivisionComesFromTheLoadOfItsAddress(@TempDir Path dir) {
        try (ReplayTimeline t = Recordings.record(DIVIDE_BY_LOADED_ZERO, RunConfig.of("divide", List.of()), dir, new Recorder.Options())) {
            t.seek(t.endStep());
            assertEquals(MachineState.Status.TRAPPED, t.state().status());
            long at = t.currentStep();

            List<MemoryRange> loads = t.inputLoads();
            // Top of the stack first: the divisor, read by i32.load offset=3456 from address 0; the dividend came from a local.
            assertEquals(List.of(new MemoryRange(3456, 4)), loads);
            assertEquals(at, t.currentStep(), "the query leaves the timeline where it was");
            assertEquals(MachineState.Status.TRAPPED, t.state().status());

            // And the proposal leads to the bug: the last write there is $fill's store of 0.
            WriteInfo w = t.lastWrite(3456, 4, at).orElseThrow();
            assertEquals("fill", w.functionName());
            assertEquals(at, t.currentStep());
        }
    }

    @Test
    void operandsThatNoLoadPushedHaveNoOrigin(@TempDir Path dir) {
        try (ReplayTimeline t = Recordings.record(DIVIDE_BY_LOADED_ZERO, RunConfig.of("divide", List.of()), dir, new Recorder.Options())) {
            // The first store in $fill: both operands are constants.
            long step = 0;
            while (step < t.endStep()) {
                t.seek(step);
                var top = t.state().frames().get(t.state().frames().size() - 1);
                if ("fill".equals(top.functionName()) && top.operands().size() == 2) break;
                step++;
            }
            assertTrue(step < t.endStep(), "found the first store with its two operands");
            assertEquals(List.of(), t.inputLoads());
            assertEquals(step, t.currentStep());
        }
    }
}
