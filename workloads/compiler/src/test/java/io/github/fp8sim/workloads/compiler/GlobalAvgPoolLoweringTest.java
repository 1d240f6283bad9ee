package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Global average pooling on the machine: per image and channel, the FP32 sum of the pixels in raster
 * order (one add each, from the first pixel), times the FP32 value of 1 / (H W), rounded to E5M2.
 */
class GlobalAvgPoolLoweringTest {

    @ParameterizedTest(name = "n={0} {1}x{2} pad {3}, C={4} in slices of {5}")
    @CsvSource({"1,7,7,0,64,64", "2,4,3,1,40,16", "1,1,1,0,8,8", "3,2,5,2,33,32"})
    void poolsEachChannelInRasterOrder(int batch, int h, int w, int pad, int channels, int slice) {
        SplittableRandom r = new SplittableRandom(h * 31L + channels);
        int hp = h + 2 * pad;
        int wp = w + 2 * pad;
        byte[] in = new byte[batch * hp * wp * channels];
        for (int i = 0; i < in.length; i++) {
            in[i] = GemmLoweringTest.codes(1, r)[0];
        }
        List<Instruction> prog = new ArrayList<>();
        GlobalAvgPoolLowering.emit(batch, h, w, pad, channels, 0x1000, NumFormat.E5M2, 0x80000, OutputSpec.E5M2_RNE, slice, prog);
        prog.add(new Halt());
        Machine m = new Machine(GemmLoweringTest.small("ws"));
        m.dram().write(0x1000, in, 0, in.length);
        new Interpreter(m, Mode.FUNCTIONAL).run(new Program(prog));
        byte[] got = new byte[batch * channels];
        m.dram().read(0x80000, got, 0, got.length);
        Quantizer rne = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.RNE, Overflow.SATURATE));
        float inv = (float) (1.0 / (h * w));
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                boolean first = true;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = FloatFormat.E5M2.decode(in[((b * hp + y + pad) * wp + x + pad) * channels + c] & 0xFF);
                        sum = first ? v : sum + v;
                        first = false;
                    }
                }
                float mean = sum * inv;
                assertEquals((byte) rne.quantize(Float.floatToRawIntBits(mean), 0), got[b * channels + c], "n=" + b + " c=" + c);
            }
        }
    }
}
