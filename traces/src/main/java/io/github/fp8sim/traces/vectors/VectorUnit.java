package io.github.fp8sim.traces.vectors;

import java.util.List;
import java.util.Locale;

/** The units golden vectors exist for, with the columns that hold their expected outputs. */
public enum VectorUnit {
    /** One FP32 -> F conversion with rne or rz. */
    QUANTIZE(List.of("code_hex", "flags")),
    /** One FP32 -> F stochastic rounding, its random bits drawn from a 32-bit Galois LFSR. */
    SR(List.of("code_hex", "flags")),
    /** acc + a*b in FP32 RNE. */
    MAC(List.of("result_hex")),
    /** A K-long dot product onto an FP32 accumulator in a stated order. */
    DOT(List.of("result_hex")),
    /** A whole array tile: C (M x N) = [C +] A (M x K) B (K x N), with its SCALE-Sim compute cycles. */
    TILE(List.of("result_hex", "compute_cycles"));

    private final List<String> resultColumns;

    VectorUnit(List<String> resultColumns) {
        this.resultColumns = resultColumns;
    }

    /** The columns a testbench produces (compared by {@code vectors check}). */
    public List<String> resultColumns() {
        return resultColumns;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VectorUnit parse(String text) {
        for (VectorUnit u : values()) {
            if (u.cliName().equalsIgnoreCase(text.trim())) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown vector unit '" + text + "' (expected quantize, sr, mac, dot or tile)");
    }
}
