package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import java.util.List;
import java.util.Locale;

/**
 * OCP MX v1.0 block quantization (ARCHITECTURE.md section 2, "MX blocks"): a block of k FP32 values
 * shares one E8M0 scale 2^x and each value becomes the element code of V_i / 2^x, rounded by the
 * conversion unit ({@link Converter#roundPack}, exactly: the division by 2^x is an exponent shift,
 * never an FP32 operation) and saturated to +-max finite of the element format.
 *
 * <ol>
 *   <li>A NaN or +-Inf in the block: scale code 0xFF (NaN); the element codes are unspecified by the
 *       spec and are 0x00 here.</li>
 *   <li>amax = max |V_i| = 0: scale exponent -127 (code 0x00), every element a zero of V_i's sign.</li>
 *   <li>x = floor(log2 amax) - emax_E ({@link ScaleRule#FLOOR}, OCP section 6.3) or
 *       ceil(log2(amax / maxfinite_E)) ({@link ScaleRule#RCEIL}), clamped to [-127, 127]; the scale
 *       code is x + 127.</li>
 *   <li>Element i = V_i / 2^x rounded (RNE or SR with r bits) and saturated; subnormals kept.</li>
 * </ol>
 *
 * Immutable and allocation-free per block; SR random values are drawn by the caller (one per element,
 * in order, as for FP8 SR) and passed in.
 */
public final class MxQuantizer {

    /** k when none is given: OCP MX's block size. */
    public static final int DEFAULT_BLOCK = 32;
    /** The E8M0 NaN code: a block holding NaN or Inf. */
    public static final int SCALE_NAN = 0xFF;
    /** The E8M0 exponent bias; code c means 2^(c - 127). */
    public static final int SCALE_BIAS = 127;

    /** The element formats of OCP MX v1.0 (section 5.3): e5m2, e4m3, e3m2, e2m3, e2m1. */
    public static final List<FloatFormat> ELEMENT_FORMATS =
            List.of(FloatFormat.E5M2, FloatFormat.E4M3, FloatFormat.E3M2, FloatFormat.E2M3, FloatFormat.E2M1);

    /** How the shared exponent is chosen from amax. */
    public enum ScaleRule {
        /** x = floor(log2 amax) - emax_E (OCP MX v1.0 section 6.3); the largest element may saturate. */
        FLOOR,
        /** x = ceil(log2(amax / maxfinite_E)) (NVIDIA's MXFP8 recipe); no element saturates unless x is clamped. */
        RCEIL;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static ScaleRule parse(String text) {
            for (ScaleRule r : values()) {
                if (r.cliName().equalsIgnoreCase(text.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown scale rule '" + text + "' (expected floor or rceil)");
        }
    }

    private final QuantSpec spec;
    private final FloatFormat format;
    private final ScaleRule rule;
    private final int emax;
    private final double maxFinite;

    /**
     * @param element one of {@link #ELEMENT_FORMATS} (by encoding)
     * @param rounding RNE or SR
     * @param srBits r for SR (1..31)
     */
    public MxQuantizer(FloatFormat element, ScaleRule rule, Rounding rounding, int srBits) {
        FloatFormat f = ELEMENT_FORMATS.stream().filter(e -> e.sameEncoding(element)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + element.name() + "' is not an MX element format"
                        + " (expected one of e5m2, e4m3, e3m2, e2m3, e2m1)"));
        if (rounding != Rounding.RNE && rounding != Rounding.SR) {
            throw new IllegalArgumentException("MX elements round with rne or sr, got " + rounding.cliName());
        }
        this.spec = new QuantSpec(f, rounding, Overflow.SATURATE, srBits, NanPolicy.MLDTYPES);
        this.format = f;
        this.rule = rule;
        this.emax = f.maxExponent();
        this.maxFinite = f.maxFinite();
    }

    public QuantSpec spec() {
        return spec;
    }

    public FloatFormat format() {
        return format;
    }

    public ScaleRule rule() {
        return rule;
    }

    /** The value of an E8M0 scale code: 2^(code - 127), or NaN for 0xFF. */
    public static double scaleValue(int code) {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("E8M0 code " + code + " is outside 0..255");
        }
        return code == SCALE_NAN ? Double.NaN : Math.scalb(1.0, code - SCALE_BIAS);
    }

    /** The E8M0 scale code of the block {@code src[off .. off + len)} (rules 1 to 3). */
    public int scaleCode(float[] src, int off, int len) {
        if (len < 1 || off < 0 || off > src.length - len) {
            throw new ArrayIndexOutOfBoundsException("block [" + off + ", " + off + " + " + len
                    + ") is empty or outside an array of length " + src.length);
        }
        int amaxBits = 0;
        for (int i = 0; i < len; i++) {
            int abs = Float.floatToRawIntBits(src[off + i]) & 0x7FFF_FFFF;
            if (abs >= 0x7F80_0000) {
                return SCALE_NAN;
            }
            amaxBits = Math.max(amaxBits, abs);   // non-negative finite floats order as their bits
        }
        if (amaxBits == 0) {
            return 0;
        }
        double amax = Float.intBitsToFloat(amaxBits);      // exact, and normal as a double
        int x = Math.getExponent(amax) - emax;
        if (rule == ScaleRule.RCEIL && Math.scalb(amax, -x) > maxFinite) {
            x++;                                            // amax / 2^x in [2^emax, 2^(emax+1)): one step is enough
        }
        return Math.clamp(x, -SCALE_BIAS, SCALE_BIAS) + SCALE_BIAS;
    }

    /** One element: {@code value / 2^(scaleCode - 127)} rounded and saturated (rule 4). 0 for a NaN scale. */
    public int element(float value, int scaleCode, int random) {
        if (scaleCode == SCALE_NAN) {
            return 0;
        }
        int bits = Float.floatToRawIntBits(value);
        boolean negative = bits < 0;
        int field = (bits >>> 23) & 0xFF;
        int frac = bits & 0x7F_FFFF;
        if (field == 0 && frac == 0) {
            return negative ? format.signMask() : 0;
        }
        long sig = field == 0 ? frac : frac | 0x80_0000;
        int exp2 = field == 0 ? -149 : field - 150;
        return Converter.code(Converter.roundPack(spec, random, negative, sig, exp2 - (scaleCode - SCALE_BIAS)));
    }

    /**
     * Quantizes one block: writes the element codes of {@code src[off .. off + len)} to
     * {@code dst[dstOff ..]} and returns the scale code.
     *
     * @param random R per element for SR ({@code random[randomOff + i]} in [0, 2^r)); ignored (may be null) for RNE
     */
    public int quantizeBlock(float[] src, int off, int len, int[] random, int randomOff, byte[] dst, int dstOff) {
        int scale = scaleCode(src, off, len);
        boolean sr = spec.rounding() == Rounding.SR;
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (byte) element(src[off + i], scale, sr ? random[randomOff + i] : 0);
        }
        return scale;
    }
}
