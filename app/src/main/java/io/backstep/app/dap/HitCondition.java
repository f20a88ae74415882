package io.backstep.app.dap;

/**
 * A breakpoint's hit condition: which hits (counted from the start of the run, 1 = the first) stop.
 * Accepted: {@code N} or {@code == N} (the Nth hit only), {@code >= N}, {@code > N}, and {@code % N}
 * (every Nth hit).
 */
record HitCondition(String op, long n) {
    static HitCondition parse(String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.strip();
        String op = "==";
        for (String o : new String[] {"==", ">=", ">", "%"}) {
            if (t.startsWith(o)) {
                op = o;
                t = t.substring(o.length()).strip();
                break;
            }
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new DapException("hit condition '" + text.strip() + "' is not N, == N, >= N, > N or % N");
        }
        if (n < 1 && !op.equals(">")) throw new DapException("hit condition '" + text.strip() + "' needs a count of at least 1");
        return new HitCondition(op, n);
    }

    /** Whether hit number {@code hit} (1-based) stops. */
    boolean stopsAt(long hit) {
        return switch (op) {
            case ">=" -> hit >= n;
            case ">" -> hit > n;
            case "%" -> hit % n == 0;
            default -> hit == n;
        };
    }
}
