package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.QuantSpec;
import java.math.BigInteger;

/**
 * The scalar reference of the MAC array's numerics, written straight from ARCHITECTURE.md section 2
 * ("MAC and accumulation") to be obviously correct rather than fast: one output at a time, operands
 * decoded with {@link FloatFormat#decodeToF32Bits}, one addition per step. {@link MacArray}'s fast
 * kernels are tested bit for bit against it.
 *
 * <p>The contract, for C (M x N, FP32) op= A (M x K codes) times B (K x N codes):
 * <ul>
 *   <li>a product of two FP8 values is exact in FP32, so it is the Java {@code float} product;</li>
 *   <li>each addition is {@code add(x, y)}: {@code x + y} in FP32, or with a narrow
 *       {@link Accumulation} the exact sum rounded once to its format;</li>
 *   <li>the initial accumulator is C's current value when {@code accumulate}, else +0.0f;</li>
 *   <li>OS with chunk 0: products added to the accumulator in increasing k;</li>
 *   <li>OS with chunk C > 0, and WS/IS with tiles of R (the array's rows): a partial sum starts at
 *       +0.0f for each run of C (or R) consecutive k, adds its products in increasing k, and is then
 *       added to the accumulator;</li>
 *   <li>with {@link Accumulation#isFused() fused:F[:G]}, in every dataflow: K in groups of G consecutive
 *       products, each group truncated at 2^(e - F), summed exactly and rounded once to FP32
 *       ({@link FusedAccumulation}), then added to the accumulator in group order;</li>
 *   <li>afterwards every NaN output is the canonical 0x7FC00000.</li>
 * </ul>
 */
public final class ReferenceGemm {

    /** The canonical FP32 NaN every NaN output becomes. */
    public static final int CANONICAL_NAN = 0x7FC0_0000;

    private ReferenceGemm() {
    }

    /**
     * Runs {@code call} (C op= A times B, checked when the call was built) as an array of {@code shape}
     * with {@code dataflow} and {@code accumulation} sums it: the meaning of {@link MacArray#gemm}.
     */
    public static void gemm(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation, GemmCall call) {
        byte[] a = call.a().codes();
        int aOff = call.a().offset();
        int lda = call.a().ld();
        FloatFormat fa = call.a().format();
        byte[] b = call.b().codes();
        int bOff = call.b().offset();
        int ldb = call.b().ld();
        FloatFormat fb = call.b().format();
        float[] c = call.c().values();
        int cOff = call.c().offset();
        int ldc = call.c().ld();
        int m = call.m();
        int n = call.n();
        int k = call.k();
        boolean accumulate = call.accumulate();
        // The run length of partial sums: none in OS without chunks, the chunk in OS, R in WS and IS.
        int run = switch (dataflow) {
            case OS -> accumulation.chunk();
            case WS, IS -> shape.rows();
        };
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = accumulate ? c[cOff + i * ldc + j] : 0.0f;
                if (accumulation.isFused()) {
                    int g = accumulation.fused().groupFor(shape);
                    for (long k0l = 0; k0l < k; k0l += g) {
                        int k0 = (int) k0l;
                        int k1 = (int) Math.min(k, k0l + g);
                        float[] group = new float[k1 - k0];
                        for (int kk = k0; kk < k1; kk++) {
                            group[kk - k0] = product(a[aOff + i * lda + kk], fa, b[bOff + kk * ldb + j], fb);
                        }
                        acc += fusedGroup(accumulation.fused().fractionBits(), group);
                    }
                } else if (run == 0) {
                    for (int kk = 0; kk < k; kk++) {
                        float p = product(a[aOff + i * lda + kk], fa, b[bOff + kk * ldb + j], fb);
                        acc = add(accumulation, acc, p);
                    }
                } else {
                    for (int k0 = 0; k0 < k; k0 += run) {
                        float psum = 0.0f;
                        for (int kk = k0; kk < Math.min(k, k0 + run); kk++) {
                            float p = product(a[aOff + i * lda + kk], fa, b[bOff + kk * ldb + j], fb);
                            psum = add(accumulation, psum, p);
                        }
                        acc = add(accumulation, acc, psum);
                    }
                }
                c[cOff + i * ldc + j] = Float.isNaN(acc) ? Float.intBitsToFloat(CANONICAL_NAN) : acc;
            }
        }
    }

    /**
     * One adder-tree group, straight from the rule: NaN for a NaN or Infs of both signs, a one-signed Inf,
     * else each product truncated toward zero to a multiple of 2^(e - F) (e = max floor(log2|p|)), the
     * exact sum (units of 2^-149) rounded once to FP32 RNE, +0 for an exact zero.
     */
    static float fusedGroup(int fractionBits, float[] products) {
        boolean nan = false;
        boolean pos = false;
        boolean neg = false;
        int e = Integer.MIN_VALUE;
        for (float p : products) {
            if (Float.isNaN(p)) {
                nan = true;
            } else if (p == Float.POSITIVE_INFINITY) {
                pos = true;
            } else if (p == Float.NEGATIVE_INFINITY) {
                neg = true;
            } else if (p != 0.0f) {
                e = Math.max(e, units(p).abs().bitLength() - 1 - 149);
            }
        }
        if (nan || (pos && neg)) {
            return Float.NaN;
        }
        if (pos || neg) {
            return pos ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        // Truncation drops the bits below 2^(e - F), i.e. the low (e - F + 149) bits of a product in units.
        long drop = fractionBits == FusedAccumulation.EXACT || e == Integer.MIN_VALUE
                ? 0 : Math.max(0, (long) e - fractionBits + 149);
        BigInteger sum = BigInteger.ZERO;
        for (float p : products) {
            BigInteger u = units(p);
            if (drop > 0) {
                BigInteger unit = BigInteger.ONE.shiftLeft((int) drop);
                u = u.divide(unit).multiply(unit); // divide truncates toward zero
            }
            sum = sum.add(u);
        }
        return sum.signum() == 0 ? 0.0f : roundExact(Accumulation.FP32.sumRounding(), sum);
    }

    /** The exact FP32 product of two codes' values. */
    private static float product(byte a, FloatFormat fa, byte b, FloatFormat fb) {
        return Float.intBitsToFloat(fa.decodeToF32Bits(a & 0xFF)) * Float.intBitsToFloat(fb.decodeToF32Bits(b & 0xFF));
    }

    /** One accumulator addition: FP32 RNE, or the exact sum rounded once to the narrow format. */
    private static float add(Accumulation accumulation, float x, float y) {
        if (accumulation.isFp32()) {
            return x + y;
        }
        FloatFormat f = accumulation.format();
        if (Float.isFinite(x) && Float.isFinite(y)) {
            BigInteger exact = exactSum(x, y);
            if (exact.signum() != 0) {
                return roundExact(accumulation.sumRounding(), exact);
            }
        }
        // Inf/NaN arithmetic and exact zero sums (with IEEE 754 6.3's sign rules) are exact in FP32.
        float sum = x + y;
        long packed = Converter.f32ToFormat(accumulation.sumRounding(), 0, Float.floatToRawIntBits(sum));
        return Float.intBitsToFloat(f.decodeToF32Bits(Converter.code(packed)));
    }

    /** x + y exactly, in units of 2^-149 (every float is an integer multiple of FP32's min subnormal). */
    private static BigInteger exactSum(float x, float y) {
        return units(x).add(units(y));
    }

    private static BigInteger units(float x) {
        int bits = Float.floatToRawIntBits(x);
        int field = (bits >>> 23) & 0xFF;
        long sig = field == 0 ? bits & 0x7F_FFFF : (bits & 0x7F_FFFF) | 0x80_0000;
        BigInteger magnitude = BigInteger.valueOf(sig).shiftLeft(Math.max(field - 1, 0));
        return bits < 0 ? magnitude.negate() : magnitude;
    }

    /**
     * Rounds the non-zero exact value {@code units * 2^-149} to {@code f}. Converter.roundPack takes
     * significands of up to 62 bits, so longer ones keep their top 62 bits plus a sticky bit: the
     * format keeps at most 24 bits, so the rounding decision only looks far above the sticky bit.
     */
    private static float roundExact(QuantSpec rounding, BigInteger units) {
        BigInteger magnitude = units.abs();
        int exp2 = -149;
        int excess = magnitude.bitLength() - 62;
        if (excess > 0) {
            boolean sticky = magnitude.getLowestSetBit() < excess;
            magnitude = magnitude.shiftRight(excess);
            if (sticky) {
                magnitude = magnitude.setBit(0);
            }
            exp2 += excess;
        }
        long packed = Converter.roundPack(rounding, 0, units.signum() < 0, magnitude.longValueExact(), exp2);
        return Float.intBitsToFloat(rounding.format().decodeToF32Bits(Converter.code(packed)));
    }
}
