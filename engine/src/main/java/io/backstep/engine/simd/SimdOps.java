package io.backstep.engine.simd;

import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.Memory;

/** Placeholder until the SIMD library lands (replaced wholesale by the simd branch). */
public final class SimdOps {
    private SimdOps() {
    }

    public enum Imm { NONE, MEMARG, MEMARG_LANE, LANE, BYTES16 }

    public record SimdOp(int subop, String name, Imm imm, ValType[] pops, ValType[] pushes, int maxAlignLog2, int laneCount) {
        public boolean isShuffle() {
            return subop == 13;
        }
    }

    public static SimdOp info(int subop) {
        return null;
    }

    public static int exec(int subop, long[] s, int sp, int imm0, int imm1, int imm2, int imm3, Memory mem) {
        throw new UnsupportedOperationException("SIMD not yet available");
    }
}
