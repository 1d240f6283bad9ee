package io.github.fp8sim.datapath.round;

import java.util.ArrayList;
import java.util.List;

/**
 * Sticky exception flags of a conversion unit. Each machine (or unit) owns one, ORs flags in as it
 * converts, and its owner reads and clears them; there is no global flag state (unlike SoftFloat's
 * {@code softfloat_exceptionFlags}), so results never depend on thread scheduling.
 *
 * <p>Definitions: {@link #INEXACT} the result's value differs from the input's; {@link #UNDERFLOW}
 * the input is non-zero, smaller in magnitude than the format's min normal (tininess detected
 * <em>before</em> rounding, which IEEE 754-2019 section 7.5 permits) and the result is inexact;
 * {@link #OVERFLOW} a finite input rounded beyond max finite; {@link #INVALID} a signaling NaN input,
 * or an infinity turned into NaN by a format without Inf; {@link #SATURATED} the result was clamped
 * to max finite (overflow or an infinite input under {@link Overflow#SATURATE}).
 */
public final class FpFlags {
    public static final int INEXACT = 1;
    public static final int UNDERFLOW = 1 << 1;
    public static final int OVERFLOW = 1 << 2;
    public static final int INVALID = 1 << 3;
    public static final int SATURATED = 1 << 4;

    private static final String[] NAMES = {"inexact", "underflow", "overflow", "invalid", "saturated"};

    private int bits;

    /** ORs {@code flags} into the sticky set. */
    public void raise(int flags) {
        bits |= flags;
    }

    public int get() {
        return bits;
    }

    public boolean isSet(int flag) {
        return (bits & flag) != 0;
    }

    public void clear() {
        bits = 0;
    }

    /** Flag names joined by {@code |}, e.g. {@code inexact|underflow}; empty for none. */
    public static String describe(int flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(NAMES[i]);
            }
        }
        return String.join("|", names);
    }

    /** Parses {@link #describe}'s output back into flag bits. */
    public static int parse(String text) {
        int flags = 0;
        if (text.isBlank()) {
            return 0;
        }
        outer:
        for (String part : text.trim().split("\\|")) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(part.trim())) {
                    flags |= 1 << i;
                    continue outer;
                }
            }
            throw new IllegalArgumentException("unknown flag '" + part + "' (expected " + String.join(", ", NAMES) + ")");
        }
        return flags;
    }

    @Override
    public String toString() {
        return describe(bits);
    }
}
