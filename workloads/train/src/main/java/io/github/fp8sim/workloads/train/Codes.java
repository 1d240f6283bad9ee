package io.github.fp8sim.workloads.train;

import io.github.fp8sim.datapath.format.DecodeTable;
import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;

/**
 * FP32 tensors through the modelled conversion unit into 8-bit codes and back. Stochastic rounding
 * draws element {@code i}'s r bits as {@code source.nextBits(0, i, r)}: with a counter-based source
 * keyed by (tensor, step) the bits are a pure function of the element, whatever the thread count.
 */
final class Codes {

    private Codes() {
    }

    static byte[] encode(float[] v, FloatFormat f, Rounding rounding, int srBits, RandomSource source) {
        byte[] out = new byte[v.length];
        if (rounding != Rounding.SR) {
            new Quantizer(QuantSpec.of(f, rounding, Overflow.SATURATE)).quantize(v, 0, out, 0, v.length);
            return out;
        }
        QuantSpec sr = new QuantSpec(f, Rounding.SR, Overflow.SATURATE, srBits, NanPolicy.MLDTYPES);
        for (int i = 0; i < v.length; i++) {
            int r = source.nextBits(0, i, srBits);
            out[i] = (byte) Converter.code(Converter.f32ToFormat(sr, r, Float.floatToRawIntBits(v[i])));
        }
        return out;
    }

    static float[] decode(byte[] codes, FloatFormat f) {
        DecodeTable t = DecodeTable.of(f);
        float[] out = new float[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.decode(codes[i] & 0xFF);
        }
        return out;
    }

    /**
     * The column sums of a [rows][cols] matrix of codes' values, in double in increasing row order, rounded
     * once: a bias gradient from the rounded errors (exact, since a sum of a few thousand FP8 values fits a double).
     */
    static float[] columnSums(byte[] codes, FloatFormat f, int cols) {
        DecodeTable t = DecodeTable.of(f);
        double[] sum = new double[cols];
        for (int i = 0; i < codes.length; i++) {
            sum[i % cols] += t.decode(codes[i] & 0xFF);
        }
        float[] out = new float[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = (float) sum[j];
        }
        return out;
    }

    /** The row-major [cols][rows] transpose of a [rows][cols] code matrix. */
    static byte[] transpose(byte[] a, int rows, int cols) {
        byte[] t = new byte[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
