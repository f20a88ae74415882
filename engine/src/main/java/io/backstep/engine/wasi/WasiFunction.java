package io.backstep.engine.wasi;

import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import java.util.HashMap;
import java.util.Map;

/**
 * Every function of wasi_snapshot_preview1 with its core-Wasm signature as the witx ABI lowers it:
 * pointers, lengths, fds and flags are i32, {@code filesize}/{@code timestamp}/{@code rights}/
 * {@code dircookie} values are i64, and every function returns an i32 errno except {@code proc_exit}
 * (no result).
 *
 * <p>{@link #id()} is the function's number in the serialized {@link WasiEvent} format: it never
 * changes, new functions only get new numbers.
 */
public enum WasiFunction {
    ARGS_GET(0, "args_get", "ii"),
    ARGS_SIZES_GET(1, "args_sizes_get", "ii"),
    ENVIRON_GET(2, "environ_get", "ii"),
    ENVIRON_SIZES_GET(3, "environ_sizes_get", "ii"),
    CLOCK_RES_GET(4, "clock_res_get", "ii"),
    CLOCK_TIME_GET(5, "clock_time_get", "iIi"),
    FD_ADVISE(6, "fd_advise", "iIIi"),
    FD_ALLOCATE(7, "fd_allocate", "iII"),
    FD_CLOSE(8, "fd_close", "i"),
    FD_DATASYNC(9, "fd_datasync", "i"),
    FD_FDSTAT_GET(10, "fd_fdstat_get", "ii"),
    FD_FDSTAT_SET_FLAGS(11, "fd_fdstat_set_flags", "ii"),
    FD_FDSTAT_SET_RIGHTS(12, "fd_fdstat_set_rights", "iII"),
    FD_FILESTAT_GET(13, "fd_filestat_get", "ii"),
    FD_FILESTAT_SET_SIZE(14, "fd_filestat_set_size", "iI"),
    FD_FILESTAT_SET_TIMES(15, "fd_filestat_set_times", "iIIi"),
    FD_PREAD(16, "fd_pread", "iiiIi"),
    FD_PRESTAT_GET(17, "fd_prestat_get", "ii"),
    FD_PRESTAT_DIR_NAME(18, "fd_prestat_dir_name", "iii"),
    FD_PWRITE(19, "fd_pwrite", "iiiIi"),
    FD_READ(20, "fd_read", "iiii"),
    FD_READDIR(21, "fd_readdir", "iiiIi"),
    FD_RENUMBER(22, "fd_renumber", "ii"),
    FD_SEEK(23, "fd_seek", "iIii"),
    FD_SYNC(24, "fd_sync", "i"),
    FD_TELL(25, "fd_tell", "ii"),
    FD_WRITE(26, "fd_write", "iiii"),
    PATH_CREATE_DIRECTORY(27, "path_create_directory", "iii"),
    PATH_FILESTAT_GET(28, "path_filestat_get", "iiiii"),
    PATH_FILESTAT_SET_TIMES(29, "path_filestat_set_times", "iiiiIIi"),
    PATH_LINK(30, "path_link", "iiiiiii"),
    PATH_OPEN(31, "path_open", "iiiiiIIii"),
    PATH_READLINK(32, "path_readlink", "iiiiii"),
    PATH_REMOVE_DIRECTORY(33, "path_remove_directory", "iii"),
    PATH_RENAME(34, "path_rename", "iiiiii"),
    PATH_SYMLINK(35, "path_symlink", "iiiii"),
    PATH_UNLINK_FILE(36, "path_unlink_file", "iii"),
    POLL_ONEOFF(37, "poll_oneoff", "iiii"),
    PROC_EXIT(38, "proc_exit", "i"),
    PROC_RAISE(39, "proc_raise", "i"),
    SCHED_YIELD(40, "sched_yield", ""),
    RANDOM_GET(41, "random_get", "ii"),
    SOCK_ACCEPT(42, "sock_accept", "iii"),
    SOCK_RECV(43, "sock_recv", "iiiiii"),
    SOCK_SEND(44, "sock_send", "iiiii"),
    SOCK_SHUTDOWN(45, "sock_shutdown", "ii");

    private static final Map<String, WasiFunction> BY_NAME = new HashMap<>();
    private static final WasiFunction[] BY_ID;

    static {
        int max = 0;
        for (WasiFunction f : values()) {
            BY_NAME.put(f.wasiName, f);
            max = Math.max(max, f.id);
        }
        BY_ID = new WasiFunction[max + 1];
        for (WasiFunction f : values()) BY_ID[f.id] = f;
    }

    private final int id;
    private final String wasiName;
    private final boolean[] wide;
    private final FuncType type;

    WasiFunction(int id, String wasiName, String params) {
        this.id = id;
        this.wasiName = wasiName;
        this.wide = new boolean[params.length()];
        ValType[] p = new ValType[params.length()];
        for (int i = 0; i < p.length; i++) {
            wide[i] = params.charAt(i) == 'I';
            p[i] = wide[i] ? ValType.I64 : ValType.I32;
        }
        ValType[] r = wasiName.equals("proc_exit") ? new ValType[0] : new ValType[] {ValType.I32};
        this.type = new FuncType(p, r);
    }

    /** Stable number used by the event serialization. */
    public int id() {
        return id;
    }

    /** The import name, e.g. "fd_write". */
    public String wasiName() {
        return wasiName;
    }

    public FuncType type() {
        return type;
    }

    public int paramCount() {
        return wide.length;
    }

    /** Whether parameter {@code i} is an i64 (otherwise i32). */
    public boolean isI64Param(int i) {
        return wide[i];
    }

    /** Whether the function returns an errno (all but proc_exit). */
    public boolean hasResult() {
        return type.resultCount() == 1;
    }

    /** The function called {@code name}, or null. */
    public static WasiFunction byName(String name) {
        return BY_NAME.get(name);
    }

    /** The function numbered {@code id}, or null. */
    public static WasiFunction byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * Canonical slot form of arguments: an i32 parameter keeps only its low 32 bits, sign-extended
     * (what an {@code (int)} cast reads), so recorded and replayed arguments compare exactly.
     */
    long[] normalize(long[] args) {
        long[] out = new long[wide.length];
        for (int i = 0; i < out.length; i++) out[i] = wide[i] ? args[i] : (long) (int) args[i];
        return out;
    }
}
