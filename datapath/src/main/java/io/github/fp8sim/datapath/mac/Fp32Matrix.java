package io.github.fp8sim.datapath.mac;

import java.util.Objects;

/**
 * A GEMM's FP32 result C as the MAC array writes it: a row-major matrix inside {@code values}, its first
 * element at {@code offset}, its rows {@code ld} elements apart.
 */
public record Fp32Matrix(float[] values, int offset, int ld) {

    public Fp32Matrix {
        Objects.requireNonNull(values, "values");
    }
}
