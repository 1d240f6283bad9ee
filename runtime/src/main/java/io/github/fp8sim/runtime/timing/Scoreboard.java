package io.github.fp8sim.runtime.timing;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.fp8sim.isa.insn.Space;

/**
 * When data is ready: for every byte range of every memory, the cycle its last writer finishes and
 * the cycle its last reader finishes. A reader waits for the writer (RAW); a writer waits for both
 * (WAW, WAR). Ranges are kept as disjoint segments in a sorted map, split and merged as accesses land,
 * so the cost per query is logarithmic in the number of distinct ranges, however long the program.
 */
final class Scoreboard {

    /** A segment [start, end): readers wait until {@code writeDone}; writers until {@code accessDone}. */
    private record Segment(long end, long writeDone, long accessDone) {
    }

    private final Map<Space, TreeMap<Long, Segment>> spaces = new EnumMap<>(Space.class);

    Scoreboard() {
        for (Space s : Space.values()) {
            spaces.put(s, new TreeMap<>());
        }
    }

    /** The earliest cycle a read of {@code r} may start. */
    long readReady(Region r) {
        long ready = 0;
        for (Segment s : overlapping(r).values()) {
            ready = Math.max(ready, s.writeDone);
        }
        return ready;
    }

    /** The earliest cycle a write of {@code r} may start. */
    long writeReady(Region r) {
        long ready = 0;
        for (Segment s : overlapping(r).values()) {
            ready = Math.max(ready, s.accessDone);
        }
        return ready;
    }

    /** Records a read of {@code r} that finishes at {@code done}. */
    void read(Region r, long done) {
        if (r.end() <= r.start()) {
            return;
        }
        TreeMap<Long, Segment> map = split(r);
        long cursor = r.start();
        for (Map.Entry<Long, Segment> e : new TreeMap<>(map.subMap(r.start(), true, r.end(), false)).entrySet()) {
            if (e.getKey() > cursor) {
                map.put(cursor, new Segment(e.getKey(), 0, done));        // a gap nobody touched yet
            }
            Segment s = e.getValue();
            map.put(e.getKey(), new Segment(s.end, s.writeDone, Math.max(s.accessDone, done)));
            cursor = s.end;
        }
        if (cursor < r.end()) {
            map.put(cursor, new Segment(r.end(), 0, done));
        }
    }

    /** Records a write of {@code r} that finishes at {@code done} (after every earlier access to it). */
    void write(Region r, long done) {
        if (r.end() <= r.start()) {
            return;
        }
        TreeMap<Long, Segment> map = split(r);
        map.subMap(r.start(), true, r.end(), false).clear();
        map.put(r.start(), new Segment(r.end(), done, done));
    }

    private TreeMap<Long, Segment> overlapping(Region r) {
        TreeMap<Long, Segment> map = spaces.get(r.space());
        TreeMap<Long, Segment> out = new TreeMap<>(map.subMap(r.start(), true, r.end(), false));
        Map.Entry<Long, Segment> before = map.lowerEntry(r.start());
        if (before != null && before.getValue().end > r.start()) {
            out.put(before.getKey(), before.getValue());
        }
        return out;
    }

    /** Splits segments at r's two ends, so r is covered by whole segments and gaps. */
    private TreeMap<Long, Segment> split(Region r) {
        TreeMap<Long, Segment> map = spaces.get(r.space());
        splitAt(map, r.start());
        splitAt(map, r.end());
        return map;
    }

    private static void splitAt(TreeMap<Long, Segment> map, long at) {
        Map.Entry<Long, Segment> e = map.lowerEntry(at);
        if (e != null && e.getValue().end > at) {
            Segment s = e.getValue();
            map.put(e.getKey(), new Segment(at, s.writeDone, s.accessDone));
            map.put(at, new Segment(s.end, s.writeDone, s.accessDone));
        }
    }
}
