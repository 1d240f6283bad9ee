package io.github.fp8sim.workloads.compiler;

import java.util.Objects;

import io.github.fp8sim.isa.insn.NumFormat;

/**
 * An NHWC image a convolution reads from DRAM: codes of {@code format} from {@code addr}, stored with a
 * zero border {@code border} pixels wide around the window the layer uses (a tensor is stored with the
 * widest border any of its readers needs, so a reader may skip some).
 */
public record ImageOperand(long addr, NumFormat format, int border) {

    public ImageOperand {
        Objects.requireNonNull(format, "format");
        if (addr < 0 || border < 0) {
            throw new IllegalArgumentException("an image needs an address and a border >= 0, got " + addr + " and " + border);
        }
    }
}
