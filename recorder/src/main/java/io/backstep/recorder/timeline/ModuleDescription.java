package io.backstep.recorder.timeline;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.SafeText;

/**
 * What the debugger's front ends (window, editor adapter, command line) see of the module a timeline
 * runs: its decoded description (names, types, imports, exports, globals) and where breakpoints can
 * go in its code. The engine's compiled code, which the replay patches probes into, stays behind the
 * timeline.
 */
public final class ModuleDescription {
    private final CompiledModule code;

    private ModuleDescription(CompiledModule code) {
        this.code = code;
    }

    /** The description of a compiled module (timelines make one for the module they run). */
    public static ModuleDescription of(CompiledModule code) {
        return new ModuleDescription(code);
    }

    /** The decoded module: names, types, imports, exports, globals, custom sections. */
    public WasmModule module() {
        return code.module();
    }

    /** Whether function {@code functionIndex} is defined here with at least one instruction (imports are not). */
    public boolean hasCode(int functionIndex) {
        CompiledFunction f = code.function(functionIndex);
        return f != null && f.instructionCount() > 0;
    }

    /** Module byte offset of a defined function's first instruction, or -1 for an import or an unknown index. */
    public int firstInstructionOffset(int functionIndex) {
        return hasCode(functionIndex) ? code.function(functionIndex).wasmOffset(code.function(functionIndex).instructionPc(0)) : -1;
    }

    /**
     * The defined function that the module's name section calls {@code name}, as the module has it or as
     * the WebAssembly text shows it (control characters escaped), with or without a leading '$'; -1 if
     * none. Imports have no code to stop in and never match. The one lookup by name-section name that the
     * window's and the editor adapter's function breakpoints share.
     */
    public int functionNamed(String name) {
        if (name == null) return -1;
        String bare = name.startsWith("$") ? name.substring(1) : name;
        WasmModule m = module();
        for (int i = m.importedFunctionCount(); i < m.functionCount(); i++) {
            String n = m.functionName(i);
            if (n != null && (bare.equals(n) || bare.equals(SafeText.escape(n)))) return i;
        }
        return -1;
    }

    /**
     * Where a breakpoint on source line {@code file:line} stops in this module's code: see
     * {@link SourceModel#lineBreakpoint}. Throws {@link io.backstep.engine.source.SourceException} with what is wrong.
     */
    public LineBreakpoint lineBreakpoint(SourceModel source, String file, int line) {
        return source.lineBreakpoint(file, line, code);
    }

    /** The defined function whose source name is {@code name} (see {@link SourceModel#functionNamed}), or -1. */
    public int sourceFunction(SourceModel source, String name) {
        return source.functionNamed(name, code);
    }

    /**
     * Module byte offset where a breakpoint on function {@code functionIndex} stops at the source level
     * (after its prologue, see {@link SourceModel#entryOffset}), or -1 without debug info for it.
     */
    public int sourceEntryOffset(SourceModel source, int functionIndex) {
        return hasCode(functionIndex) ? source.entryOffset(code.function(functionIndex)) : -1;
    }
}
