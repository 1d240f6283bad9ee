package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.QuantSpec;

/**
 * The adder of a narrow accumulator: {@code round_acc(x + y)}, the exact sum of two floats rounded once
 * to the accumulator format (RNE, overflow to Inf, or NaN in formats without Inf), returned as the
 * float holding that format's value. The fast kernel's narrow path uses it for every addition.
 *
 * <p>The exact sum is formed in a {@code long} and rounded by {@link Converter#roundPack}, never by
 * way of a {@code double}: a double sum is exact only when the operands' bits span at most 53 places,
 * and rounding it again is safe only when both operands lie on the accumulator's grid (Figueroa), which
 * an FP8 product need not (e.g. an e4m3 x e4m3 product in an e5m2 accumulator).
 */
final class AccumulatorAdder {

    /** The larger operand's significand is placed this many bits up: 24 + 37 = 61 bits, so sums fit 62. */
    private static final int ALIGN = 37;

    private final FloatFormat format;
    private final QuantSpec rounding;

    AccumulatorAdder(FloatFormat format) {
        this.format = format;
        this.rounding = new Accumulation(format, 0).sumRounding();
    }

    /** {@code round_acc(x + y)}. */
    float add(float x, float y) {
        int xb = Float.floatToRawIntBits(x);
        int yb = Float.floatToRawIntBits(y);
        // Inf and NaN operands, and zero operands, give an IEEE float sum that is exact: round that.
        if ((xb & 0x7F80_0000) == 0x7F80_0000 || (yb & 0x7F80_0000) == 0x7F80_0000
                || (xb & 0x7FFF_FFFF) == 0 || (yb & 0x7FFF_FFFF) == 0) {
            return round(x + y);
        }
        long xs = significand(xb);
        long ys = significand(yb);
        int xe = exponent(xb) - normalizeShift(xs);
        int ye = exponent(yb) - normalizeShift(ys);
        xs <<= normalizeShift(xs);
        ys <<= normalizeShift(ys);
        // Order so that (ls, le) has the larger exponent; both significands are now in [2^23, 2^24).
        boolean xLarger = xe >= ye;
        long ls = xLarger ? xs : ys;
        long ss = xLarger ? ys : xs;
        int le = xLarger ? xe : ye;
        int d = le - (xLarger ? ye : xe);
        boolean lNeg = (xLarger ? xb : yb) < 0;
        boolean sNeg = (xLarger ? yb : xb) < 0;
        long big;
        long small;
        int exp2;
        if (d <= ALIGN) {
            big = ls << d;                       // exact: the sum needs at most 62 bits
            small = ss;
            exp2 = le - d;
        } else {
            // The smaller operand is below the larger one's 61-bit window: keep its bits that fall inside
            // and jam the rest into a sticky LSB. The sum is >= 2^59 and the accumulator keeps <= 24 bits,
            // so every rounding boundary is a multiple of 2^35; the jammed sum is odd and lies strictly
            // between the same two boundaries as the exact sum, so it rounds the same way.
            int sh = d - ALIGN;
            big = ls << ALIGN;
            small = sh >= 24 ? 1 : (ss >>> sh) | ((ss & ((1L << sh) - 1)) != 0 ? 1 : 0);
            exp2 = le - ALIGN;
        }
        long sum;
        boolean negative;
        if (lNeg == sNeg) {
            sum = big + small;
            negative = lNeg;
        } else {
            sum = big - small;
            negative = lNeg;
            if (sum < 0) {
                sum = -sum;
                negative = sNeg;
            } else if (sum == 0) {
                return round(0.0f);              // x = -y exactly: +0 under RNE (IEEE 754 6.3)
            }
        }
        long packed = Converter.roundPack(rounding, 0, negative, sum, exp2);
        return Float.intBitsToFloat(format.decodeToF32Bits(Converter.code(packed)));
    }

    /** round_acc of a float that is already the exact sum. */
    private float round(float exact) {
        long packed = Converter.f32ToFormat(rounding, 0, Float.floatToRawIntBits(exact));
        return Float.intBitsToFloat(format.decodeToF32Bits(Converter.code(packed)));
    }

    /** The integer significand of finite float bits (the implicit bit included); also used by {@link FusedAdder}. */
    static long significand(int bits) {
        int field = (bits >>> 23) & 0xFF;
        int frac = bits & 0x7F_FFFF;
        return field == 0 ? frac : frac | 0x80_0000;
    }

    /** The exponent of the significand's LSB, before normalisation. */
    static int exponent(int bits) {
        int field = (bits >>> 23) & 0xFF;
        return field == 0 ? -149 : field - 150;
    }

    /** How far a non-zero significand must move up to have its leading one at bit 23. */
    private static int normalizeShift(long sig) {
        return Long.numberOfLeadingZeros(sig) - 40;
    }
}
