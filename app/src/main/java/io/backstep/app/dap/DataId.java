package io.backstep.app.dap;

/**
 * What a data breakpoint watches, as the {@code dataId} string that {@code dataBreakpointInfo} hands
 * out and {@code setDataBreakpoints} gets back: {@code mem:ADDRESS:LENGTH} for bytes of linear memory
 * ({@code mem:ADDRESS:LENGTH:EXPRESSION} when a C lvalue names them, so stops can say which), and
 * {@code global:INDEX} for a global. The only place that format is written and read.
 */
record DataId(long address, int length, int global, String label) {
    static DataId memory(long address, int length) {
        return memory(address, length, null);
    }

    /** Bytes of memory; {@code label} is the C expression that names them, or null. */
    static DataId memory(long address, int length, String label) {
        if (length <= 0) throw new DapException("a data breakpoint needs at least one byte");
        if (address < 0 || address + length > (1L << 32)) {
            throw new DapException("bytes " + Addresses.format(address) + ".." + Addresses.format(address + length - 1) + " are outside a 32-bit memory");
        }
        return new DataId(address, length, -1, label == null || label.isBlank() ? null : label);
    }

    static DataId global(int index) {
        return new DataId(0, 0, index, null);
    }

    static DataId parse(String id) {
        if (id != null) {
            String[] p = id.split(":", 4);
            try {
                if ((p.length == 3 || p.length == 4) && p[0].equals("mem")) {
                    return memory(Addresses.parse(p[1], "address"), Integer.parseInt(p[2]), p.length == 4 ? p[3] : null);
                }
                if (p.length == 2 && p[0].equals("global")) return global(Integer.parseInt(p[1]));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new DapException("'" + id + "' is not a data breakpoint id from dataBreakpointInfo");
    }

    String format() {
        return global >= 0 ? "global:" + global : "mem:" + Addresses.format(address) + ":" + length + (label != null ? ":" + label : "");
    }

    String describe() {
        if (global >= 0) return "writes to global " + global;
        String bytes = length + (length == 1 ? " byte" : " bytes") + " at " + Addresses.format(address);
        return label != null ? "writes to " + label + " (" + bytes + ")" : "writes to " + bytes;
    }
}
