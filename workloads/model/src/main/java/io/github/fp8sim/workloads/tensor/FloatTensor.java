package io.github.fp8sim.workloads.tensor;

import java.util.Arrays;
import java.util.Objects;


/**
 * FP32 values of a tensor: {@code shape.numel()} floats in row-major order (the last axis varies fastest).
 * The array is not copied; the executor never writes to a tensor after it is made, and callers should
 * treat the tensors they receive as read-only. Equality compares the shape and the raw bits of every value.
 *
 * @param shape the dimensions
 * @param data  the values, row-major
 */
public record FloatTensor(TensorShape shape, float[] data) {

    public FloatTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape + " (needs " + shape.numel() + ")");
        }
    }

    /** The tensor of {@code shape} holding {@code values} (copied). */
    public static FloatTensor of(TensorShape shape, float... values) {
        return new FloatTensor(shape, values.clone());
    }

    /** Zeros of {@code shape}. */
    public static FloatTensor zeros(TensorShape shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(shape.numel())]);
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The element at {@code index} (one coordinate per axis). */
    public float get(int... index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException(index.length + " coordinates for shape " + shape);
        }
        int flat = 0;
        for (int a = 0; a < index.length; a++) {
            if (index[a] < 0 || index[a] >= shape.dim(a)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat = flat * shape.dim(a) + index[a];
        }
        return data[flat];
    }

    /** True when {@code o} has the same shape and the same raw bits in every element. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FloatTensor other) || !shape.equals(other.shape) || data.length != other.data.length) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            // Raw bits: NaN payloads and the sign of zero are part of a bit-exact result.
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(other.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = shape.hashCode();
        for (float v : data) {
            h = 31 * h + Float.floatToRawIntBits(v);
        }
        return h;
    }

    /** The shape and at most the first 8 values. */
    @Override
    public String toString() {
        int n = Math.min(8, data.length);
        StringBuilder s = new StringBuilder("FloatTensor").append(shape).append(" [");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return s.append(data.length > n ? ", ...]" : "]").toString();
    }
}
