package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * The host side of a buffer: FP32 values in the IR's order to the bytes a {@link Buffer} holds (each
 * value converted with round-to-nearest-even and saturation, the recipe's rule for forward tensors;
 * multi-byte values little-endian; the border of an NHWC layout left zero), and back.
 */
public final class HostData {

    private HostData() {
    }

    /** The buffer's bytes for {@code values}, which are in the IR's row-major order. */
    public static byte[] encode(float[] values, Buffer buffer) {
        TensorLayout layout = buffer.layout();
        int eb = buffer.bytesPerElement();
        byte[] out = new byte[Math.toIntExact(buffer.bytes())];
        QuantSpec q = hostRounding(Formats.format(buffer.format()));
        for (int i = 0; i < values.length; i++) {
            int code = encode(q, values[i]);
            long at = layout.storedIndex(i) * eb;
            for (int b = 0; b < eb; b++) {
                out[(int) at + b] = (byte) (code >>> (8 * b));
            }
        }
        return out;
    }

    /** The values of a buffer's bytes in the IR's row-major order of {@code shape}. */
    public static float[] decode(byte[] bytes, Buffer buffer, TensorShape shape) {
        TensorLayout layout = buffer.layout();
        int eb = buffer.bytesPerElement();
        FloatFormat f = Formats.format(buffer.format());
        float[] out = new float[Math.toIntExact(shape.numel())];
        for (int i = 0; i < out.length; i++) {
            long at = layout.storedIndex(i) * eb;
            int code = 0;
            for (int b = 0; b < eb; b++) {
                code |= (bytes[(int) at + b] & 0xFF) << (8 * b);
            }
            out[i] = f.totalBits() == 32 ? Float.intBitsToFloat(code) : f.decode(code);
        }
        return out;
    }

    /** How the host stores a value in {@code f}: RNE, saturating, NaN as ml_dtypes does. */
    public static QuantSpec hostRounding(FloatFormat f) {
        return QuantSpec.of(f, Rounding.RNE, Overflow.SATURATE);
    }

    /**
     * One value's code under {@code spec} (from {@link #hostRounding}, built once per tensor); FP32 values
     * keep their bits.
     */
    public static int encode(QuantSpec spec, float value) {
        int bits = Float.floatToRawIntBits(value);
        if (spec.format().totalBits() == 32) {
            return bits;
        }
        return Converter.code(Converter.f32ToFormat(spec, 0, bits));
    }
}
