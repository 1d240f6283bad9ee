package io.github.fp8sim.testkit;

/** FP32 values as their bit patterns, for assertions that must hold bit for bit (NaN payloads and zero signs included). */
public final class FloatBits {

    private FloatBits() {}

    /**
     * The raw bits of each element, by {@link Float#floatToRawIntBits}: two arrays of these are equal exactly
     * when the floats are identical bit for bit, where {@code assertArrayEquals} on the floats themselves
     * would let {@code 0.0f} and {@code -0.0f} differ but every NaN equal every other.
     */
    public static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }
}
