package io.backstep.recorder.replay;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * States of the replay machine kept in memory, so that a seek replays a short distance instead of a
 * whole checkpoint interval: per interval, the checkpoint's state as one full snapshot (its base), a
 * <em>coarse</em> point every {@link #COARSE} steps, each an incremental snapshot relative to the
 * coarse point before it (or the base), and inside the cells the user visits a <em>fine</em> point
 * every {@link #FINE} steps, each relative to the start of its cell. Restoring any point is then the
 * base, the coarse chain up to its cell, and at most one fine point (or, in the cells seeks landed in
 * last, a full snapshot of the cell's start, its anchor, and a fine point); and replaying never runs
 * more than {@code COARSE} steps to build what a seek needs. This is what makes long recording intervals (a
 * cheap recording) cheap to navigate.
 *
 * <p>The least recently used intervals are dropped first, by count and by bytes.
 */
final class ReplayCache {
    /** Spacing of the coarse points, built by every replay that passes through an interval. */
    static final long COARSE = 1L << 20;
    /** Spacing of the fine points, built inside the cell a seek lands in. */
    static final long FINE = 1L << 16;
    /** Intervals kept at most. */
    static final int INTERVALS = 8;
    /** Anchors kept at most per interval. */
    static final int ANCHORS = 2;

    /** A state kept in memory: its snapshot and the WASI position there. */
    record Point(byte[] snapshot, int wasi) {
    }

    /** What is kept for one checkpoint interval. */
    static final class Interval {
        byte[] base;
        boolean verified;
        /** By step: each relative to the coarse point before it, or to the base for the first. */
        final TreeMap<Long, Point> coarse = new TreeMap<>();
        /** By the start of their cell (the checkpoint or a coarse point), then by step: each relative to that start. */
        final TreeMap<Long, TreeMap<Long, Point>> fine = new TreeMap<>();
        /**
         * Full snapshots of the starts of the cells seeks landed in last (at most {@link #ANCHORS}, oldest
         * dropped first): going back inside such a cell restores one snapshot, not the base and the coarse chain.
         */
        final LinkedHashMap<Long, Point> anchors = new LinkedHashMap<>();
        private long bytes;

        long bytes() {
            return bytes;
        }
    }

    private final long budget;
    private final LinkedHashMap<Integer, Interval> intervals = new LinkedHashMap<>(16, 0.75f, true);
    private long total;

    ReplayCache(long budget) {
        this.budget = budget;
    }

    /** Heap for cached states by default: a quarter of the heap, at most 512 MiB. */
    static long defaultBudget() {
        return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    long budget() {
        return budget;
    }

    /** The cache of checkpoint {@code index}'s interval (made the most recently used; created empty if absent). */
    Interval interval(int index) {
        Interval c = intervals.get(index);
        if (c == null) {
            c = new Interval();
            intervals.put(index, c);
            dropOldest(index, () -> intervals.size() > INTERVALS);
        }
        return c;
    }

    /** The cache of interval {@code index} if there is one, without changing the order of use. */
    Interval peek(int index) {
        return intervals.get(index);
    }

    void clear() {
        intervals.clear();
        total = 0;
    }

    /** Sets interval {@code index}'s base, if room can be made for it. */
    boolean putBase(int index, byte[] base) {
        Interval c = interval(index);
        if (!admit(index, c, base.length)) return false;
        c.base = base;
        return true;
    }

    /** Adds a coarse point, if room can be made for it. */
    boolean putCoarse(int index, long step, Point p) {
        Interval c = interval(index);
        if (c.coarse.containsKey(step)) return true;
        if (!admit(index, c, p.snapshot().length)) return false;
        c.coarse.put(step, p);
        return true;
    }

    /** Adds a fine point of the cell starting at {@code cell}, if room can be made for it. */
    boolean putFine(int index, long cell, long step, Point p) {
        Interval c = interval(index);
        TreeMap<Long, Point> points = c.fine.computeIfAbsent(cell, x -> new TreeMap<>());
        if (points.containsKey(step)) return true;
        if (!admit(index, c, p.snapshot().length)) return false;
        points.put(step, p);
        return true;
    }

    /** Adds a full snapshot of the start of the cell at {@code cell}, if room can be made for it. */
    boolean putAnchor(int index, long cell, Point p) {
        Interval c = interval(index);
        if (c.anchors.containsKey(cell)) return true;
        if (c.anchors.size() >= ANCHORS) {
            Iterator<Point> oldest = c.anchors.values().iterator();
            release(c, oldest.next());
            oldest.remove();
        }
        if (!admit(index, c, p.snapshot().length)) return false;
        c.anchors.put(cell, p);
        return true;
    }

    /**
     * Makes room for {@code bytes} more in interval {@code c} (number {@code index}) and counts them: drops
     * the least recently used other intervals, then {@code c}'s fine points and anchors. False if it still
     * would not fit (nothing is counted then).
     */
    private boolean admit(int index, Interval c, long bytes) {
        BooleanSupplier tooMuch = () -> total + bytes > budget;
        dropOldest(index, tooMuch);
        if (tooMuch.getAsBoolean()) {
            for (TreeMap<Long, Point> points : c.fine.values()) points.values().forEach(p -> release(c, p));
            c.fine.clear();
        }
        if (tooMuch.getAsBoolean()) {
            c.anchors.values().forEach(p -> release(c, p));
            c.anchors.clear();
        }
        if (tooMuch.getAsBoolean()) return false;
        c.bytes += bytes;
        total += bytes;
        return true;
    }

    /** Uncounts point {@code p} of interval {@code c}, which the caller removes. */
    private void release(Interval c, Point p) {
        c.bytes -= p.snapshot().length;
        total -= p.snapshot().length;
    }

    /** Drops the least recently used intervals other than {@code keep}'s while {@code tooMuch} holds. */
    private void dropOldest(int keep, BooleanSupplier tooMuch) {
        Iterator<Map.Entry<Integer, Interval>> it = intervals.entrySet().iterator();
        while (tooMuch.getAsBoolean() && it.hasNext()) {
            Map.Entry<Integer, Interval> e = it.next();
            if (e.getKey() == keep) continue;
            total -= e.getValue().bytes;
            it.remove();
        }
    }

    /** Bytes held, all intervals together (tests). */
    long bytes() {
        return total;
    }
}
