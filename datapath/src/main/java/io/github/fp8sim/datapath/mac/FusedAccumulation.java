package io.github.fp8sim.datapath.mac;

import java.util.Locale;

/**
 * Fused accumulation, {@code fused:F[:G]}: the model of a tensor core with an adder tree of limited
 * alignment (ARCHITECTURE.md section 2). K is cut into groups of G consecutive products; in a group,
 * with e = max floor(log2|p|) over its non-zero products, each product is truncated toward zero to a
 * multiple of 2^(e - F), the truncated products are summed exactly and the sum is rounded once to FP32
 * (RNE; an exact zero gives +0). The group result is then added to the FP32 accumulator,
 * {@code acc = fp32_rne(acc + group)}, in group order. A NaN product, or +Inf and -Inf in one group,
 * gives NaN; Infs of one sign give that Inf.
 *
 * @param fractionBits F, bits kept below the group's leading exponent (>= 0), or {@link #EXACT}: no truncation
 * @param group G, products per group (>= 1), or 0: the array's reduction height R (its rows)
 */
public record FusedAccumulation(int fractionBits, int group) {

    /** F = exact: products are not truncated; the group's exact sum is rounded once. */
    public static final int EXACT = Integer.MAX_VALUE;

    public FusedAccumulation {
        if (fractionBits < 0) {
            throw new IllegalArgumentException("fused accumulation F must be >= 0 or exact, got " + fractionBits);
        }
        if (group < 0) {
            throw new IllegalArgumentException("fused accumulation G must be >= 1, got " + group);
        }
    }

    /** True for F = exact. */
    public boolean exact() {
        return fractionBits == EXACT;
    }

    /** G for an array of {@code shape}: the given G, or the array's rows R when G was left out. */
    public int groupFor(ArrayShape shape) {
        return group == 0 ? shape.rows() : group;
    }

    /**
     * Parses {@code fused:F}, {@code fused:F:G} or {@code fused:exact[:G]}.
     *
     * @throws IllegalArgumentException naming what is wrong, in one line
     */
    public static FusedAccumulation parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split(":", -1);
        if (!parts[0].equals("fused") || parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("accumulation '" + text + "' is not fp32, fused:F or fused:F:G");
        }
        int f;
        if (parts[1].equals("exact")) {
            f = EXACT;
        } else {
            f = number(text, "F", parts[1], 0);
        }
        int g = parts.length == 3 ? number(text, "G", parts[2], 1) : 0;
        return new FusedAccumulation(f, g);
    }

    private static int number(String text, String name, String s, int min) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("accumulation '" + text + "': " + name + " '" + s
                    + "' is not " + (name.equals("F") ? "an integer >= 0 or exact" : "an integer >= 1"));
        }
        if (v < min) {
            throw new IllegalArgumentException("accumulation '" + text + "': " + name + " must be >= " + min
                    + ", got " + v);
        }
        return v;
    }

    /** {@code fused:F}, {@code fused:F:G}, {@code fused:exact}: what {@link #parse} reads. */
    @Override
    public String toString() {
        return "fused:" + (exact() ? "exact" : Integer.toString(fractionBits)) + (group == 0 ? "" : ":" + group);
    }
}
