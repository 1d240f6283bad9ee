package io.github.fp8sim.workloads.train;

import java.util.regex.Pattern;

/** Reads and writes the numbers of the loss-scaling text forms: a decimal, or {@code 2^k}. */
final class ScaleText {

    private static final Pattern DECIMAL = Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern POWER = Pattern.compile("2\\^([+-]?\\d{1,4})");
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private ScaleText() {
    }

    /**
     * A positive finite float written as a decimal ({@code 65536}, {@code 0.5}, {@code 1e4}) or {@code 2^k}.
     *
     * @return the value, or NaN if the text is not such a number
     */
    static float parseScale(String text) {
        String s = text.trim();
        float value;
        if (POWER.matcher(s).matches()) {
            value = Math.scalb(1f, Math.max(-200, Math.min(200, Integer.parseInt(s.substring(2)))));
        } else if (DECIMAL.matcher(s).matches()) {
            value = (float) Double.parseDouble(s);
        } else {
            return Float.NaN;
        }
        return value > 0 && Float.isFinite(value) ? value : Float.NaN;
    }

    /** A count of steps, or -1 if the text is not a non-negative integer. */
    static long parseCount(String text) {
        String s = text.trim();
        return COUNT.matcher(s).matches() ? Long.parseLong(s) : -1;
    }

    /** {@code 2^k} for powers of two with |k| >= 4, else the shortest decimal that reads back to the value. */
    static String format(float value) {
        int exponent = Math.getExponent(value);
        boolean powerOfTwo = value > 0 && exponent >= Float.MIN_EXPONENT && value == Math.scalb(1f, exponent);
        if (powerOfTwo && Math.abs(exponent) >= 4) {
            return "2^" + exponent;
        }
        if (value == Math.rint(value) && value < 1e7f) {
            return Long.toString((long) value);
        }
        return Float.toString(value);
    }
}
