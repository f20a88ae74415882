package io.backstep.app.dap;

/**
 * What a data breakpoint watches, as the {@code dataId} string that {@code dataBreakpointInfo} hands
 * out and {@code setDataBreakpoints} gets back: {@code mem:ADDRESS:LENGTH} for bytes of linear memory,
 * {@code global:INDEX} for a global. The only place that format is written and read.
 */
record DataId(long address, int length, int global) {
    static DataId memory(long address, int length) {
        if (length <= 0) throw new DapException("a data breakpoint needs at least one byte");
        if (address < 0 || address + length > (1L << 32)) {
            throw new DapException("bytes " + Addresses.format(address) + ".." + Addresses.format(address + length - 1) + " are outside a 32-bit memory");
        }
        return new DataId(address, length, -1);
    }

    static DataId global(int index) {
        return new DataId(0, 0, index);
    }

    static DataId parse(String id) {
        if (id != null) {
            String[] p = id.split(":");
            try {
                if (p.length == 3 && p[0].equals("mem")) return memory(Addresses.parse(p[1], "address"), Integer.parseInt(p[2]));
                if (p.length == 2 && p[0].equals("global")) return global(Integer.parseInt(p[1]));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new DapException("'" + id + "' is not a data breakpoint id from dataBreakpointInfo");
    }

    String format() {
        return global >= 0 ? "global:" + global : "mem:" + Addresses.format(address) + ":" + length;
    }

    String describe() {
        return global >= 0 ? "writes to global " + global
                : "writes to " + length + (length == 1 ? " byte" : " bytes") + " at " + Addresses.format(address);
    }
}
