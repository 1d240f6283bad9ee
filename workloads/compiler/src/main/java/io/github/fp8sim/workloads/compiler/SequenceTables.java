package io.github.fp8sim.workloads.compiler;

/**
 * Host-computed FP32 tables the sequence models add on the vector unit: they depend only on shapes,
 * so the compiler writes them to DRAM once, like weights.
 */
final class SequenceTables {

    private SequenceTables() {
    }

    /**
     * The sinusoid signal of Vaswani et al. 2017 section 3.5, {@code [t][d]} row-major:
     * {@code PE(pos, 2i) = sin(pos / 10000^(2i/d))}, {@code PE(pos, 2i+1) = cos(...)}, computed in
     * double with {@link StrictMath} exactly as the reference does, then rounded to FP32 once.
     */
    static float[] positionalEncoding(int t, int d) {
        float[] pe = new float[t * d];
        for (int pos = 0; pos < t; pos++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = pos / StrictMath.pow(10000.0, 2.0 * i / d);
                pe[pos * d + 2 * i] = (float) StrictMath.sin(angle);
                pe[pos * d + 2 * i + 1] = (float) StrictMath.cos(angle);
            }
        }
        return pe;
    }

    /** The causal mask {@code [tq][tk]}: 0 where {@code j <= i}, -infinity where {@code j > i}. */
    static float[] causalMask(int tq, int tk) {
        float[] m = new float[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = i + 1; j < tk; j++) {
                m[i * tk + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m;
    }
}
