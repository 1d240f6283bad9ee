package io.github.fp8sim.runtime;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;

/**
 * The ISA names formats, rounding and dataflows; the datapath defines them. This is the one map
 * between the two (the isa and datapath modules depend on nothing of ours, so neither can name the other).
 */
public final class Formats {

    private Formats() {
    }

    public static FloatFormat format(NumFormat f) {
        return switch (f) {
            case E5M2 -> FloatFormat.E5M2;
            case E4M3 -> FloatFormat.E4M3;
            case E5M2FNUZ -> FloatFormat.E5M2FNUZ;
            case E4M3FNUZ -> FloatFormat.E4M3FNUZ;
            case FP16 -> FloatFormat.FP16;
            case BF16 -> FloatFormat.BF16;
            case FP32 -> FloatFormat.FP32;
        };
    }

    /** The ISA's name for a datapath format, when the hardware supports it. */
    public static java.util.Optional<NumFormat> numFormat(FloatFormat f) {
        for (NumFormat n : NumFormat.values()) {
            if (format(n).sameEncoding(f)) {
                return java.util.Optional.of(n);
            }
        }
        return java.util.Optional.empty();
    }

    public static Rounding rounding(RoundMode r) {
        return switch (r) {
            case RNE -> Rounding.RNE;
            case RZ -> Rounding.RZ;
            case SR -> Rounding.SR;
        };
    }

    public static Overflow overflow(OverflowMode o) {
        return switch (o) {
            case SATURATE -> Overflow.SATURATE;
            case INF -> Overflow.INF;
        };
    }

    public static ArrayDataflow dataflow(io.github.fp8sim.isa.insn.Dataflow d) {
        return switch (d) {
            case OS -> ArrayDataflow.OS;
            case WS -> ArrayDataflow.WS;
            case IS -> ArrayDataflow.IS;
        };
    }

    public static io.github.fp8sim.isa.insn.Dataflow isaDataflow(ArrayDataflow d) {
        return switch (d) {
            case OS -> io.github.fp8sim.isa.insn.Dataflow.OS;
            case WS -> io.github.fp8sim.isa.insn.Dataflow.WS;
            case IS -> io.github.fp8sim.isa.insn.Dataflow.IS;
        };
    }
}
