package io.backstep.app.ui;

/** A hit count as the Breakpoints tab shows it: {@code count}, or at least that many when not {@code exact}. */
public record HitCount(long count, boolean exact) {
    public String text() {
        return exact ? Long.toString(count) : count + "+";
    }
}
