package io.github.fp8sim.cli;

import java.math.BigDecimal;

import io.github.fp8sim.datapath.format.FloatFormat;

/** How values and codes are shown to people. */
final class Values {

    private Values() {
    }

    /** An exact decimal: plain when short, otherwise exact scientific notation. */
    static String exact(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(v);
        String plain = d.toPlainString();
        return plain.length() <= 24 ? plain : d.toString();
    }

    /** A power of two as {@code 2^k}. */
    static String pow2(double v) {
        return "2^" + Math.getExponent(v);
    }

    /** A code's fields as {@code s.eeeee.mm}. */
    static String fields(FloatFormat f, int code) {
        String bits = Long.toBinaryString((code & 0xFFFF_FFFFL) | (1L << f.totalBits())).substring(1);
        int e = f.expBits();
        return bits.charAt(0) + "." + bits.substring(1, 1 + e) + (f.manBits() > 0 ? "." + bits.substring(1 + e) : "");
    }
}
