package io.github.fp8sim.cli;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the matrix CSV reader ({@code gemm}'s A, B and C files): the first byte picks the cell width
 * (even: 2 hex digits, FP8 codes; odd: 8, FP32 bits), the rest is the file. Any file either reads into
 * a rows x cols matrix or throws {@link InputException} (the project's one-line input exception). The
 * default suite replays {@code MatrixCsvFuzzTestInputs/}; {@code ./run-tests -Pfuzz} mutates inputs.
 */
class MatrixCsvFuzzTest {

    private static final Path FILE = FuzzFiles.temporary(".csv");

    @FuzzTest(maxDuration = "2m")
    void readAnyMatrix(byte[] input) {
        int hexDigits = input.length > 0 && (input[0] & 1) != 0 ? 8 : 2;
        MatrixCsv.Matrix m;
        try {
            m = MatrixCsv.read(FuzzFiles.writeTail(FILE, input), hexDigits, "fuzzed matrix");
        } catch (InputException expected) {
            return;
        }
        if (m.rows() < 1 || m.cols() < 1 || m.values().length != m.rows() * m.cols()) {
            throw new AssertionError("read a " + m.rows() + " x " + m.cols() + " matrix with " + m.values().length + " values");
        }
    }
}
