package io.github.fp8sim.isa.insn;

import java.util.Locale;

/**
 * {@code vop.<func>}: an elementwise function or row reduction on FP32 data in the accumulator SRAM.
 * a and dst are rows x cols blocks (dst is rows x 1 for reductions); leading dimensions are in elements,
 * addresses in bytes.
 *
 * <p>Operands the function does not read must be zero, so each operation has one encoding:
 * unary functions and reductions take no b ({@code bAddr}, {@code bLd}, {@code immBits} 0 and
 * {@code bMode} NONE). For binary functions {@code bMode} chooses b: NONE and COL read a block at
 * {@code bAddr} with leading dimension {@code bLd}; ROW and SCALAR read at {@code bAddr} with
 * {@code bLd} 0; IMM uses {@code immBits} with {@code bAddr} and {@code bLd} 0. {@code immBits} is 0
 * unless {@code bMode} is IMM.
 *
 * @param func    the function
 * @param dstAddr destination in ACC (32 bits)
 * @param aAddr   first operand in ACC (32 bits)
 * @param bAddr   second operand in ACC (32 bits)
 * @param rows    rows (16 bits)
 * @param cols    columns of a (16 bits)
 * @param dstLd   elements between destination rows (16 bits)
 * @param aLd     elements between rows of a (16 bits)
 * @param bLd     elements between rows of b (16 bits)
 * @param bMode   where b comes from
 * @param immBits FP32 bit pattern of the immediate b
 */
public record VectorOp(VectorFunc func, long dstAddr, long aAddr, long bAddr, int rows, int cols, int dstLd,
        int aLd, int bLd, Broadcast bMode, int immBits) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public VectorOp {
        Check.present("VectorOp.func", func);
        Check.unsigned("VectorOp.dstAddr", dstAddr, Widths.LOCAL_ADDR);
        Check.unsigned("VectorOp.aAddr", aAddr, Widths.LOCAL_ADDR);
        Check.unsigned("VectorOp.bAddr", bAddr, Widths.LOCAL_ADDR);
        Check.unsigned("VectorOp.rows", rows, Widths.DIM);
        Check.unsigned("VectorOp.cols", cols, Widths.DIM);
        Check.unsigned("VectorOp.dstLd", dstLd, Widths.DIM);
        Check.unsigned("VectorOp.aLd", aLd, Widths.DIM);
        Check.unsigned("VectorOp.bLd", bLd, Widths.DIM);
        Check.present("VectorOp.bMode", bMode);
        // immBits is a full 32-bit pattern: every int is in range.
        if (func.arity() != VectorFunc.Arity.BINARY) {
            String when = "for " + func.arity().name().toLowerCase(Locale.ROOT) + " " + func;
            Check.unused("VectorOp.bAddr", bAddr, when);
            Check.unused("VectorOp.bLd", bLd, when);
            if (bMode != Broadcast.NONE) {
                throw new IllegalArgumentException("VectorOp.bMode = " + bMode + " must be NONE " + when);
            }
            Check.unused("VectorOp.immBits", immBits, when);
        } else {
            String when = "when bMode is " + bMode;
            switch (bMode) {
                case NONE, COL -> Check.unused("VectorOp.immBits", immBits, when);
                case ROW, SCALAR -> {
                    Check.unused("VectorOp.bLd", bLd, when);
                    Check.unused("VectorOp.immBits", immBits, when);
                }
                case IMM -> {
                    Check.unused("VectorOp.bAddr", bAddr, when);
                    Check.unused("VectorOp.bLd", bLd, when);
                }
            }
        }
    }
}
