package io.github.fp8sim.datapath.mac;

import java.math.BigInteger;

/**
 * The fast, allocation-free group sum of {@link FusedAccumulation}: one adder-tree group of FP32
 * products (exact products of two 8-bit codes) truncated at 2^(e - F), summed exactly and rounded once
 * to FP32 RNE.
 *
 * <p>How it stays exact in a {@code long}. A finite float is {@code sig * 2^q} with {@code sig < 2^24}.
 * Let u be the unit of the group: {@code max(e - F, qmin)}, qmin the lowest set bit's weight over the
 * group (below it truncation removes nothing, so F = exact is u = qmin). Each truncated product is an
 * integer multiple of 2^u of magnitude below 2^(e - u + 1), so G of them sum to below
 * {@code 2^(ceil(log2 G) + e - u + 1)}. When that is at most 2^62 the sum is a {@code long}: always for
 * F <= 30 at any int G (ceil(log2 G) <= 31), and for F = exact whenever the group's products span at most
 * about 61 - ceil(log2 G) bits (e4m3 products span 2^-18..2^17.8; e5m2 ones can span 2^-32..2^31.8).
 * Wider groups take a {@link BigInteger} slow path, the only one that allocates.
 *
 * <p>Rounding the integer {@code sum * 2^u} once: a magnitude of more than 53 bits keeps its top 53 bits
 * with the dropped bits ORed into the lowest (a sticky bit far below FP32's round bit, 24 + 2 bits
 * suffice); that value times 2^u is then exact in a double (u >= -149), and the double's cast to
 * float is the single RNE rounding, subnormals and overflow to Inf included.
 */
final class FusedAdder {

    private FusedAdder() {
    }

    /**
     * The group result of products {@code p[0..n)} with F = {@code fractionBits}
     * ({@link FusedAccumulation#EXACT}: no truncation).
     */
    static float group(float[] p, int n, int fractionBits) {
        boolean nan = false;
        boolean posInf = false;
        boolean negInf = false;
        int e = Integer.MIN_VALUE;
        int qmin = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(p[i]);
            int field = (bits >>> 23) & 0xFF;
            int mant = bits & 0x7F_FFFF;
            if (field == 0xFF) {
                if (mant != 0) {
                    nan = true;
                } else if (bits < 0) {
                    negInf = true;
                } else {
                    posInf = true;
                }
                continue;
            }
            if ((bits & 0x7FFF_FFFF) == 0) {
                continue;
            }
            long sig = AccumulatorAdder.significand(bits);
            int q = AccumulatorAdder.exponent(bits);
            e = Math.max(e, q + 63 - Long.numberOfLeadingZeros(sig));
            qmin = Math.min(qmin, q + Long.numberOfTrailingZeros(sig));
        }
        if (nan || (posInf && negInf)) {
            return Float.NaN;
        }
        if (posInf) {
            return Float.POSITIVE_INFINITY;
        }
        if (negInf) {
            return Float.NEGATIVE_INFINITY;
        }
        if (e == Integer.MIN_VALUE) {
            return 0.0f;
        }
        int u = (int) Math.max(qmin, (long) e - fractionBits);
        int ceilLog2 = n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        if (ceilLog2 + e - u + 1 > 62) {
            return slowGroup(p, n, u);
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(p[i]);
            if ((bits & 0x7FFF_FFFF) == 0) {
                continue;
            }
            long sig = AccumulatorAdder.significand(bits);
            int q = AccumulatorAdder.exponent(bits);
            long t;
            if (q >= u) {
                t = sig << (q - u);
            } else {
                int s = u - q;
                t = s >= 24 ? 0 : sig >>> s;
            }
            sum += bits < 0 ? -t : t;
        }
        return toFloat(sum, u);
    }

    /** The exact value {@code sum * 2^u} rounded once to FP32 RNE; 0 gives +0. */
    static float toFloat(long sum, int u) {
        if (sum == 0) {
            return 0.0f;
        }
        boolean negative = sum < 0;
        long mag = negative ? -sum : sum;
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(mag) - 53);
        if (shift > 0) {
            boolean sticky = (mag & ((1L << shift) - 1)) != 0;
            mag >>>= shift;
            if (sticky) {
                mag |= 1;
            }
        }
        float r = (float) Math.scalb((double) mag, u + shift);
        return negative ? -r : r;
    }

    /** The group of {@link #group} summed in a BigInteger: only for groups too wide for a long. */
    private static float slowGroup(float[] p, int n, int u) {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(p[i]);
            if ((bits & 0x7FFF_FFFF) == 0) {
                continue;
            }
            BigInteger sig = BigInteger.valueOf(AccumulatorAdder.significand(bits));
            int q = AccumulatorAdder.exponent(bits);
            BigInteger t = q >= u ? sig.shiftLeft(q - u) : sig.shiftRight(u - q);
            sum = bits < 0 ? sum.subtract(t) : sum.add(t);
        }
        int excess = Math.max(0, sum.abs().bitLength() - 62);
        if (excess == 0) {
            return toFloat(sum.longValueExact(), u);
        }
        BigInteger mag = sum.abs();
        boolean sticky = mag.getLowestSetBit() < excess;
        long top = mag.shiftRight(excess).longValueExact() | (sticky ? 1 : 0);
        return toFloat(sum.signum() < 0 ? -top : top, u + excess);
    }
}
