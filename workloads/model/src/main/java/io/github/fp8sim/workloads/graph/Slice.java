package io.github.fp8sim.workloads.graph;

/**
 * The indices {@code [start, end)} of {@code axis}. Input {@code x}; output {@code x}'s shape with
 * {@code end - start} along {@code axis}.
 */
public record Slice(int axis, int start, int end) implements Op {

    public Slice {
        Checks.atLeast(0, start, "start");
        if (end <= start) {
            throw new IllegalArgumentException("end must be > start, got [" + start + ", " + end + ")");
        }
    }

    @Override
    public String kind() {
        return "slice";
    }
}
