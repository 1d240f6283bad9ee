package io.github.fp8sim.testkit;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Seeded random FP8 codes (one byte each: sign in bit 7, the magnitude's exponent and mantissa below it).
 *
 * <p>Each method states what it draws from the generator for each code, and keeps to that: tests pass a
 * seeded generator and their cases are the codes it yields, so a change in the draws would change what
 * those tests test. {@code RandomCodesTest} pins each method to the plain loop it replaced.
 */
public final class RandomCodes {

    private RandomCodes() {}

    /**
     * {@code n} codes uniform over those {@code keep} accepts: for each, {@code r.nextInt(256)} until
     * {@code keep} accepts the code. Pass, say, {@code c -> Float.isFinite(FloatFormat.E5M2.decode(c))} for the
     * finite codes of a format.
     *
     * @throws IllegalArgumentException when {@code n < 0} or {@code keep} accepts no code
     */
    public static byte[] uniform(SplittableRandom r, int n, IntPredicate keep) {
        boolean any = false;
        for (int c = 0; c < 256 && !any; c++) {
            any = keep.test(c);
        }
        if (!any) {
            throw new IllegalArgumentException("keep accepts none of the 256 codes");
        }
        return draw(n, () -> {
            int code;
            do {
                code = r.nextInt(256);
            } while (!keep.test(code));
            return code;
        });
    }

    /**
     * {@code n} codes with magnitude (the low seven bits) uniform in {@code [low, high)} and a random sign: for
     * each, {@code low + r.nextInt(high - low)}, then {@code r.nextBoolean()} for the sign bit.
     *
     * @throws IllegalArgumentException when {@code n < 0} or not {@code 0 <= low < high <= 0x80}
     */
    public static byte[] signed(SplittableRandom r, int n, int low, int high) {
        checkRange(low, high, 0x80);
        return draw(n, () -> (low + r.nextInt(high - low)) | (r.nextBoolean() ? 0x80 : 0));
    }

    /**
     * {@code n} codes uniform in {@code [low, high)}: for each, {@code low + r.nextInt(high - low)} (with
     * {@code high <= 0x80}, all positive).
     *
     * @throws IllegalArgumentException when {@code n < 0} or not {@code 0 <= low < high <= 0x100}
     */
    public static byte[] range(SplittableRandom r, int n, int low, int high) {
        checkRange(low, high, 0x100);
        return draw(n, () -> low + r.nextInt(high - low));
    }

    /**
     * {@code n} bytes from one {@code r.nextBytes}, each ANDed with {@code mask}: {@code 0xBF}, for one, clears
     * the exponent's top bit, so no code is e5m2's Inf or NaN.
     *
     * @throws IllegalArgumentException when {@code n < 0} or {@code mask} is not a byte
     */
    public static byte[] masked(Random r, int n, int mask) {
        checkCount(n);
        if (mask < 0 || mask > 0xFF) {
            throw new IllegalArgumentException("mask 0x" + Integer.toHexString(mask) + " is not a byte");
        }
        byte[] b = new byte[n];
        r.nextBytes(b);
        for (int i = 0; i < n; i++) {
            b[i] &= (byte) mask;
        }
        return b;
    }

    /** {@code n} codes from {@code code}, called once for each, in order. */
    private static byte[] draw(int n, IntSupplier code) {
        checkCount(n);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) code.getAsInt();
        }
        return b;
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count " + n + " < 0");
        }
    }

    private static void checkRange(int low, int high, int limit) {
        if (low < 0 || low >= high || high > limit) {
            throw new IllegalArgumentException("[0x" + Integer.toHexString(low) + ", 0x" + Integer.toHexString(high)
                    + ") is not a non-empty range within [0, 0x" + Integer.toHexString(limit) + ")");
        }
    }
}
