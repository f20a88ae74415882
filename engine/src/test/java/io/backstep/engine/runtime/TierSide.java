package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One of the runs the JIT tier's tests compare: a WASI program instantiated over a module and started,
 * with the JIT tier on or off, its output (stdout and stderr) kept.
 */
final class TierSide {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final WasiProgram program;
    final Machine machine;

    /** A sample run with the command line {@link #sampleArgs}. */
    TierSide(CompiledModule module, String arg, boolean jit) {
        this(module, sampleArgs(arg), jit);
    }

    /** A sample's command line: {@code sample [arg]}, without the argument when it is null or empty. */
    static WasiConfig.Builder sampleArgs(String arg) {
        return arg != null && !arg.isEmpty() ? WasiConfig.builder().args("sample", arg) : WasiConfig.builder().args("sample");
    }

    TierSide(CompiledModule module, WasiConfig.Builder config, boolean jit) {
        config.stdout(stdout).stderr(stdout);
        program = WasiProgram.instantiate(module, WasiHost.live(config.build()));
        machine = program.machine();
        machine.setJit(jit);
        program.start();
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }
}
