package io.github.fp8sim.datapath.format;

/**
 * How a format spends its top codes on special values (OCP OFP8 rev 1.0, section 4; ml_dtypes naming).
 */
public enum Specials {
    /** IEEE 754 style: the all-ones exponent holds +-Inf (mantissa 0) and NaNs (mantissa non-zero). E5M2, FP16. */
    IEEE,
    /** "Finite": no Inf; only S.1..1.1..1 is NaN, the rest of the top binade is finite. OCP E4M3. */
    FN,
    /** "Finite, unsigned zero": no Inf, no -0; the code 1.0..0 (negative zero's) is the only NaN. */
    FNUZ,
    /**
     * "Finite only": no Inf and no NaN, every code is a finite number (+0 and -0 included); conversions
     * saturate to +-max finite. OCP MX v1.0 section 5.3 FP4 (E2M1) and FP6 (E2M3, E3M2).
     */
    FINITE
}
