package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.CustomSection;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.Export;
import io.backstep.engine.model.ExternKind;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.FunctionBody;
import io.backstep.engine.model.Global;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.model.TableType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.WasmException;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasiHostTest {
    /**
     * wasi_snapshot_preview1 as the witx lowers it to core Wasm: 'i' = i32, 'I' = i64, all return an
     * i32 errno except proc_exit. Restated here from the spec to check the host's table.
     */
    static final Map<String, String> SPEC = new LinkedHashMap<>();

    static {
        String[] rows = {
            "args_get ii", "args_sizes_get ii", "environ_get ii", "environ_sizes_get ii", "clock_res_get ii",
            "clock_time_get iIi", "fd_advise iIIi", "fd_allocate iII", "fd_close i", "fd_datasync i",
            "fd_fdstat_get ii", "fd_fdstat_set_flags ii", "fd_fdstat_set_rights iII", "fd_filestat_get ii",
            "fd_filestat_set_size iI", "fd_filestat_set_times iIIi", "fd_pread iiiIi", "fd_prestat_get ii",
            "fd_prestat_dir_name iii", "fd_pwrite iiiIi", "fd_read iiii", "fd_readdir iiiIi", "fd_renumber ii",
            "fd_seek iIii", "fd_sync i", "fd_tell ii", "fd_write iiii", "path_create_directory iii",
            "path_filestat_get iiiii", "path_filestat_set_times iiiiIIi", "path_link iiiiiii",
            "path_open iiiiiIIii", "path_readlink iiiiii", "path_remove_directory iii", "path_rename iiiiii",
            "path_symlink iiiii", "path_unlink_file iii", "poll_oneoff iiii", "proc_exit i", "proc_raise i",
            "sched_yield -", "random_get ii", "sock_accept iii", "sock_recv iiiiii", "sock_send iiiii",
            "sock_shutdown ii",
        };
        for (String r : rows) {
            String[] p = r.split(" ");
            SPEC.put(p[0], p[1].equals("-") ? "" : p[1]);
        }
    }

    @Test
    void everyFunctionHasTheSpecSignature() {
        assertEquals(46, SPEC.size());
        assertEquals(SPEC.size(), WasiFunction.values().length);
        for (Map.Entry<String, String> e : SPEC.entrySet()) {
            WasiFunction f = WasiFunction.byName(e.getKey());
            assertNotNull(f, e.getKey());
            String params = e.getValue();
            assertEquals(params.length(), f.type().paramCount(), e.getKey());
            for (int i = 0; i < params.length(); i++) {
                assertEquals(params.charAt(i) == 'I' ? "i64" : "i32", f.type().param(i).toString(), e.getKey() + " param " + i);
            }
            boolean exit = e.getKey().equals("proc_exit");
            assertEquals(exit ? 0 : 1, f.type().resultCount(), e.getKey());
            if (!exit) assertEquals("i32", f.type().result(0).toString());
        }
    }

    // ---- a module (built as a model: no decoder needed) importing WASI functions with given types

    /** A module importing {@code imports} (name -> 'i'/'I' params; proc_exit has no result). */
    static CompiledModule importingModule(Map<String, String> imports) {
        FuncType[] types = new FuncType[imports.size()];
        Import[] imps = new Import[imports.size()];
        int idx = 0;
        for (Map.Entry<String, String> e : imports.entrySet()) {
            ValType[] params = new ValType[e.getValue().length()];
            for (int i = 0; i < params.length; i++) params[i] = e.getValue().charAt(i) == 'I' ? ValType.I64 : ValType.I32;
            ValType[] results = e.getKey().equals("proc_exit") ? new ValType[0] : new ValType[] {ValType.I32};
            types[idx] = new FuncType(params, results);
            imps[idx] = new Import(WasiHost.MODULE, e.getKey(), ExternKind.FUNCTION, idx, null, null, null);
            idx++;
        }
        WasmModule m = new WasmModule(new byte[0], types, imps, new int[0], new TableType[0], new MemoryType[0],
                new Global[0], new Export[0], -1, new ElementSegment[0], new DataSegment[0], -1,
                new FunctionBody[0], null, new CustomSection[0]);
        return new CompiledModule(m, new CompiledFunction[0]);
    }

    @Test
    void installSatisfiesAModuleImportingEverything() {
        Linker linker = new Linker();
        WasiHost.live(WasiConfig.builder().build()).install(linker);
        assertNotNull(linker.instantiate(importingModule(SPEC)));
    }

    @Test
    void wrongSignatureDoesNotLink() {
        Linker linker = new Linker();
        WasiHost.live(WasiConfig.builder().build()).install(linker);
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("fd_seek", "iiii"); // offset must be i64
        assertThrows(LinkException.class, () -> linker.instantiate(importingModule(wrong)));
    }

    @Test
    void socketsAndSignalsAreUnsupported() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        assertEquals(Errno.NOTSUP, g.call("sock_accept", 3, 0, RESULT));
        assertEquals(Errno.NOTSUP, g.call("sock_recv", 3, 0, 0, 0, RESULT, RESULT + 4));
        assertEquals(Errno.NOTSUP, g.call("sock_send", 3, 0, 0, 0, RESULT));
        assertEquals(Errno.NOTSUP, g.call("sock_shutdown", 3, 1));
        assertEquals(Errno.NOSYS, g.call("proc_raise", 9));
    }

    @Test
    void errnoValuesMatchTheSpec() {
        int[][] pairs = {
            {Errno.SUCCESS, 0}, {Errno.TOOBIG, 1}, {Errno.ACCES, 2}, {Errno.BADF, 8}, {Errno.BUSY, 10},
            {Errno.EXIST, 20}, {Errno.FAULT, 21}, {Errno.ILSEQ, 25}, {Errno.INVAL, 28}, {Errno.IO, 29},
            {Errno.ISDIR, 31}, {Errno.LOOP, 32}, {Errno.NAMETOOLONG, 37}, {Errno.NOENT, 44}, {Errno.NOSYS, 52},
            {Errno.NOTDIR, 54}, {Errno.NOTEMPTY, 55}, {Errno.NOTSUP, 58}, {Errno.OVERFLOW, 61}, {Errno.PERM, 63},
            {Errno.SPIPE, 70}, {Errno.XDEV, 75}, {Errno.NOTCAPABLE, 76},
        };
        for (int[] p : pairs) assertEquals(p[1], p[0]);
        assertEquals("notcapable", Errno.name(76));
        assertEquals("2big", Errno.name(1));
    }

    @Test
    void procExitThrowsAnExitNotATrap() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        WasiExitException e = assertThrows(WasiExitException.class, () -> g.host.callback("proc_exit").call(g.ctx, new long[] {3}));
        assertEquals(3, e.exitCode());
        assertInstanceOf(WasmException.class, e);
        assertFalse(TrapException.class.isInstance(e));
        WasiEvent ev = g.events.get(0);
        assertEquals(WasiEvent.Outcome.EXITED, ev.outcome());
        assertEquals(3, ev.exitCode());
        assertEquals(0, ev.results().length);
    }

    @Test
    void callWithoutMemoryTrapsOnlyWhenMemoryIsNeeded() {
        WasiHost host = WasiHost.live(WasiConfig.builder().build());
        WasiFixture.Ctx noMemory = new WasiFixture.Ctx(null);
        assertEquals(0L, host.callback("sched_yield").call(noMemory, new long[0])[0]);
        TrapException t = assertThrows(TrapException.class, () -> host.callback("fd_write").call(noMemory, new long[] {1, 0, 0, 0}));
        assertEquals(TrapKind.HOST_ERROR, t.kind());
        assertThrows(IllegalArgumentException.class, () -> host.callback("not_a_wasi_call"));
    }

    @Test
    void wrongArgumentCountTraps() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().build());
        assertThrows(TrapException.class, () -> g.host.callback("fd_close").call(g.ctx, new long[] {1, 2}));
    }

    @Test
    void badPreopenIsAConfigError() {
        WasiConfig c = WasiConfig.builder().preopen(java.nio.file.Path.of("/definitely/not/here"), "/x").build();
        assertThrows(WasiConfigException.class, () -> WasiHost.live(c));
    }

    @Test
    void i32ArgumentsUseOnlyTheirLow32Bits() {
        WasiFixture g = WasiFixture.live(WasiConfig.builder().args("a").build());
        // high garbage bits must not matter: the pointer is the unsigned low word
        assertEquals(0, g.call("args_sizes_get", 0xFFFFFFFF_00000100L, 0x12345678_00000200L));
        assertEquals(1, g.u32(0x100));
        assertEquals(0x100L, g.events.get(0).args()[0]);
    }
}
