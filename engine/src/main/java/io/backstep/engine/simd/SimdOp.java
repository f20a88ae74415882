package io.backstep.engine.simd;

import io.backstep.engine.model.ValType;

/**
 * Static description of one 0xFD-prefixed instruction, enough for a validator and a body compiler.
 *
 * @param subop        the u32 sub-opcode that follows the 0xFD prefix
 * @param name         the text-format name, e.g. {@code i8x16.shuffle}
 * @param imm          which immediates follow the sub-opcode
 * @param pops         operand types in stack order (bottom first)
 * @param pushes       result types (bottom first)
 * @param maxAlignLog2 for memory instructions the natural alignment (log2) the memarg may not exceed; -1 otherwise
 * @param laneCount    for instructions with a lane immediate the number of lanes (the index must be below it); 0 otherwise
 */
public record SimdOp(int subop, String name, Imm imm, ValType[] pops, ValType[] pushes, int maxAlignLog2, int laneCount) {

    /** i8x16.shuffle: each of its 16 immediate bytes must be below 32 (v128.const has no such rule). */
    public boolean isShuffle() {
        return subop == SimdOps.I8X16_SHUFFLE;
    }

    /** Whether the instruction reads or writes linear memory (and so needs memory 0 to exist). */
    public boolean isMemoryAccess() {
        return imm == Imm.MEMARG || imm == Imm.MEMARG_LANE;
    }

    /** Net change of the value-stack height in 64-bit slots (a v128 takes two). */
    public int slotDelta() {
        return ValType.slots(pushes) - ValType.slots(pops);
    }

    @Override
    public String toString() {
        return name;
    }
}
