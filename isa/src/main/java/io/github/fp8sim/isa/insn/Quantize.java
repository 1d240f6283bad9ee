package io.github.fp8sim.isa.insn;

/**
 * {@code quant}: converts a rows x cols block of FP32 values in the accumulator SRAM, each multiplied by
 * {@code 2^scaleExp} first, to {@code format} in the scratchpad, with the given rounding and overflow
 * policy (ARCHITECTURE.md section 2). Leading dimensions are in elements, addresses in bytes.
 *
 * @param dstAddr  destination in SPAD (32 bits)
 * @param srcAddr  FP32 source in ACC (32 bits)
 * @param rows     rows of the block (16 bits)
 * @param cols     columns of the block (16 bits)
 * @param srcLd    elements between source rows (16 bits)
 * @param dstLd    elements between destination rows (16 bits)
 * @param format   destination format
 * @param rounding rounding mode
 * @param overflow what happens beyond the format's max finite
 * @param srBits   random bits per stochastic rounding, 1..31 (kept as given for RNE and RZ)
 * @param scaleExp power-of-two scale applied before conversion, -128..127
 */
public record Quantize(long dstAddr, long srcAddr, int rows, int cols, int srcLd, int dstLd, NumFormat format,
        RoundMode rounding, OverflowMode overflow, int srBits, int scaleExp) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public Quantize {
        Check.unsigned("Quantize.dstAddr", dstAddr, Widths.LOCAL_ADDR);
        Check.unsigned("Quantize.srcAddr", srcAddr, Widths.LOCAL_ADDR);
        Check.unsigned("Quantize.rows", rows, Widths.DIM);
        Check.unsigned("Quantize.cols", cols, Widths.DIM);
        Check.unsigned("Quantize.srcLd", srcLd, Widths.DIM);
        Check.unsigned("Quantize.dstLd", dstLd, Widths.DIM);
        Check.present("Quantize.format", format);
        Check.present("Quantize.rounding", rounding);
        Check.present("Quantize.overflow", overflow);
        // 0 random bits would make SR a truncation; the field's zero code is left invalid instead.
        Check.range("Quantize.srBits", srBits, 1, Widths.maxUnsigned(Widths.SR_BITS), Widths.SR_BITS + "-bit field, 0 invalid");
        Check.signed("Quantize.scaleExp", scaleExp, Widths.SCALE_EXP);
    }
}
