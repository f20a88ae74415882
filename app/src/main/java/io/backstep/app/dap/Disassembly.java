package io.backstep.app.dap;

import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.WatPrinter;
import io.backstep.engine.text.WatText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembledInstruction;

/** Answers {@code disassemble}: instructions by module byte offset, as the WebAssembly text prints them. */
final class Disassembly {
    private final WatText wat;
    private final WasmModule module;
    private final WatLocations locations;
    private final int[] offsets;

    Disassembly(WatText wat, WasmModule module, WatLocations locations) {
        this.wat = wat;
        this.module = module;
        this.locations = locations;
        this.offsets = wat.instructionOffsets();
    }

    /** Whether an instruction starts exactly at {@code offset}. */
    boolean isInstruction(long offset) {
        return offset <= Integer.MAX_VALUE && wat.lineOfOffset((int) offset) >= 0;
    }

    /** The start of the instruction at or before {@code offset} (for a return address: the call), or -1. */
    int instructionAtOrBefore(int offset) {
        return wat.offsetAt(wat.lineAtOrBefore(offset));
    }

    /** The function holding the instruction at {@code offset}. */
    int functionAt(int offset) {
        return wat.functionAt(wat.lineOfOffset(offset));
    }

    List<DisassembledInstruction> disassemble(DisassembleArguments a, int lineBase) {
        long base = Addresses.parse(a.getMemoryReference(), "'memoryReference'") + (a.getOffset() == null ? 0 : a.getOffset());
        int count = a.getInstructionCount();
        if (count < 0 || count > 100_000) throw new DapException("'instructionCount' must be between 0 and 100000");
        int start = Arrays.binarySearch(offsets, (int) Math.min(base, Integer.MAX_VALUE));
        if (start < 0) start = -start - 1;
        long first = start + (long) (a.getInstructionOffset() == null ? 0 : a.getInstructionOffset());
        List<DisassembledInstruction> out = new ArrayList<>(count);
        int lastFunction = -1;
        for (int i = 0; i < count; i++) {
            long k = first + i;
            DisassembledInstruction d = new DisassembledInstruction();
            if (k < 0 || k >= offsets.length) {
                // The protocol wants exactly instructionCount entries: pad with invalid ones.
                d.setAddress(Addresses.format(k < 0 ? 0 : (offsets.length == 0 ? 0 : offsets[offsets.length - 1])));
                d.setInstruction("??");
                d.setPresentationHint(org.eclipse.lsp4j.debug.DisassembledInstructionPresentationHint.INVALID);
            } else {
                int offset = offsets[(int) k];
                int line = wat.lineOfOffset(offset);
                d.setAddress(Addresses.format(offset));
                d.setInstruction(wat.line(line).strip());
                int function = wat.functionAt(line);
                if (function != lastFunction) d.setSymbol(WatPrinter.functionLabel(module, function));
                lastFunction = function;
                d.setLocation(locations.source());
                d.setLine(line + lineBase);
            }
            out.add(d);
        }
        return out;
    }
}
