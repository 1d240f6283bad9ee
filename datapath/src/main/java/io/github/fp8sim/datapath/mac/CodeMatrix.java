package io.github.fp8sim.datapath.mac;

import java.util.Objects;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * A GEMM operand (A or B) as the MAC array reads it: a row-major matrix of codes of {@code format}
 * inside {@code codes}, its first element at {@code offset}, its rows {@code ld} codes apart. The
 * extent (rows, columns) comes with the {@link GemmCall}, which checks it fits.
 */
public record CodeMatrix(byte[] codes, int offset, int ld, FloatFormat format) {

    public CodeMatrix {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(format, "format");
    }
}
