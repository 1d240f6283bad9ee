package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A convolution lowered as an implicit GEMM equals the explicit one: the test builds the im2col
 * matrix itself from the padded NHWC input (row = output pixel (n, oh, ow), column = (fh, fw, c)),
 * multiplies it with the reference GEMM in the machine's dataflow, adds the bias, applies ReLU and
 * quantizes; the lowered program's output, stored inside a padded buffer, must match byte for byte,
 * border included.
 */
class ConvLoweringTest {

    @ParameterizedTest(name = "{0}: n={1} {2}x{3}x{4} -> {5}, {6}x{7}/{8}, pad out {9}")
    @CsvSource({
            "ws,1,10,10,3,8,3,3,1,1",       // a first layer: few channels, taps split K tiles
            "os,2,9,9,16,12,3,3,2,0",       // stride 2, batch 2, ragged output rows
            "is,1,6,7,40,20,1,1,1,1",       // 1x1 conv, channels spanning K tiles
            "ws,1,12,12,8,33,5,5,2,2"})
    void implicitConvEqualsTheExplicitGemm(String df, int batch, int h, int w, int c, int filters, int fh, int fw,
                                           int stride, int outPad) {
        MachineConfig machine = GemmLoweringTest.small(df);
        SplittableRandom r = new SplittableRandom(h * 100L + c * 10L + filters);
        // padded NHWC input: a 1-pixel zero border around random codes
        int inH = h + 2;
        int inW = w + 2;
        byte[] in = new byte[batch * inH * inW * c];
        for (int b = 0; b < batch; b++) {
            for (int y = 1; y <= h; y++) {
                for (int x = 1; x <= w; x++) {
                    for (int cc = 0; cc < c; cc++) {
                        in[((b * inH + y) * inW + x) * c + cc] = GemmLoweringTest.codes(1, r)[0];
                    }
                }
            }
        }
        byte[] weights = GemmLoweringTest.codes(fh * fw * c * filters, r);
        float[] bias = new float[filters];
        for (int j = 0; j < filters; j++) {
            bias[j] = (float) r.nextGaussian();
        }
        long inAddr = 0x10000;
        long wAddr = 0x80000;
        long biasAddr = 0xC0000;
        long outAddr = 0xD0000;
        ConvLayer conv = new ConvLayer("conv", new ConvGeometry(batch, inH, inW, c, fh, fw, stride, filters),
                new ImageOperand(inAddr, NumFormat.E5M2, 0), new Operand(wAddr, filters, NumFormat.E5M2),
                new Epilogue(OptionalLong.empty(), OptionalLong.of(biasAddr), true, OutputSpec.E5M2_RNE), Optional.empty(),
                outAddr, outPad);
        int oh = conv.outH();
        int ow = conv.outW();
        List<Instruction> prog = new ArrayList<>();
        ConvLowering.emit(conv, machine, prog);
        prog.add(new Halt());

        Machine m = new Machine(machine);
        m.dram().write(inAddr, in, 0, in.length);
        m.dram().write(wAddr, weights, 0, weights.length);
        byte[] biasBytes = new byte[4 * filters];
        for (int j = 0; j < filters; j++) {
            int bits = Float.floatToRawIntBits(bias[j]);
            for (int q = 0; q < 4; q++) {
                biasBytes[4 * j + q] = (byte) (bits >>> (8 * q));
            }
        }
        m.dram().write(biasAddr, biasBytes, 0, biasBytes.length);
        new Interpreter(m, Mode.FUNCTIONAL).run(new Program(prog));

        // the explicit im2col operand, built here from the definition
        int rows = batch * oh * ow;
        int k = fh * fw * c;
        byte[] im2col = new byte[rows * k];
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int row = (b * oh + y) * ow + x;
                    for (int i = 0; i < fh; i++) {
                        for (int j = 0; j < fw; j++) {
                            for (int cc = 0; cc < c; cc++) {
                                im2col[row * k + (i * fw + j) * c + cc] =
                                        in[((b * inH + y * stride + i) * inW + x * stride + j) * c + cc];
                            }
                        }
                    }
                }
            }
        }
        float[] acc = new float[rows * filters];
        ReferenceGemm.gemm(new ArrayShape(8, 8), ArrayDataflow.parse(df), Accumulation.FP32, new GemmCall(
                new CodeMatrix(im2col, 0, k, FloatFormat.E5M2), new CodeMatrix(weights, 0, filters, FloatFormat.E5M2),
                new Fp32Matrix(acc, 0, filters), rows, filters, k, false));
        Quantizer rne = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.RNE, Overflow.SATURATE));
        int outH = oh + 2 * outPad;
        int outW = ow + 2 * outPad;
        byte[] got = new byte[batch * outH * outW * filters];
        m.dram().read(outAddr, got, 0, got.length);
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    boolean border = y < outPad || x < outPad || y >= oh + outPad || x >= ow + outPad;
                    for (int f = 0; f < filters; f++) {
                        byte expected = 0;
                        if (!border) {
                            int row = (b * oh + y - outPad) * ow + x - outPad;
                            float v = Math.max(acc[row * filters + f] + bias[f], 0.0f);
                            expected = (byte) rne.quantize(Float.floatToRawIntBits(v), 0);
                        }
                        assertEquals(expected, got[((b * outH + y) * outW + x) * filters + f],
                                "n=" + b + " y=" + y + " x=" + x + " f=" + f + (border ? " (border)" : ""));
                    }
                }
            }
        }
    }

    /**
     * A residual block's second conv: out = relu((conv(x) * s + t) + shortcut), the shortcut an e5m2
     * tensor laid out like the output. The expected values apply the same FP32 operations in the same
     * order: multiply, add the bias, add the widened shortcut, ReLU, round.
     */
    @org.junit.jupiter.api.Test
    void aResidualBlockAddsTheFoldedBatchNormAndTheShortcutBeforeRelu() {
        MachineConfig machine = GemmLoweringTest.small("ws");
        SplittableRandom r = new SplittableRandom(5);
        int h = 6;
        int c = 16;
        int filters = 20;
        int pad = 1;
        int inH = h + 2;
        byte[] in = new byte[inH * inH * c];
        for (int y = 1; y <= h; y++) {
            for (int x = 1; x <= h; x++) {
                for (int cc = 0; cc < c; cc++) {
                    in[(y * inH + x) * c + cc] = GemmLoweringTest.codes(1, r)[0];
                }
            }
        }
        byte[] weights = GemmLoweringTest.codes(9 * c * filters, r);
        float[] scale = new float[filters];
        float[] shift = new float[filters];
        for (int j = 0; j < filters; j++) {
            scale[j] = (float) (0.5 + r.nextDouble());
            shift[j] = (float) r.nextGaussian();
        }
        int outH = h + 2 * pad;       // 3x3, stride 1, on the 1-padded input: 6x6 outputs, stored with a 1-pixel border
        byte[] shortcut = new byte[outH * outH * filters];
        for (int y = pad; y < h + pad; y++) {
            for (int x = pad; x < h + pad; x++) {
                for (int f = 0; f < filters; f++) {
                    shortcut[(y * outH + x) * filters + f] = GemmLoweringTest.codes(1, r)[0];
                }
            }
        }
        long inAddr = 0x10000;
        long wAddr = 0x20000;
        long sAddr = 0x30000;
        long tAddr = 0x31000;
        long rAddr = 0x40000;
        long outAddr = 0x50000;
        ConvLayer conv = new ConvLayer("block.conv2", new ConvGeometry(1, inH, inH, c, 3, 3, 1, filters),
                new ImageOperand(inAddr, NumFormat.E5M2, 0), new Operand(wAddr, filters, NumFormat.E5M2),
                new Epilogue(OptionalLong.of(sAddr), OptionalLong.of(tAddr), true, OutputSpec.E5M2_RNE),
                Optional.of(new ImageOperand(rAddr, NumFormat.E5M2, pad)), outAddr, pad);
        List<Instruction> prog = new ArrayList<>();
        ConvLowering.emit(conv, machine, prog);
        prog.add(new Halt());
        Machine m = new Machine(machine);
        m.dram().write(inAddr, in, 0, in.length);
        m.dram().write(wAddr, weights, 0, weights.length);
        m.dram().write(sAddr, floats(scale), 0, 4 * filters);
        m.dram().write(tAddr, floats(shift), 0, 4 * filters);
        m.dram().write(rAddr, shortcut, 0, shortcut.length);
        new Interpreter(m, Mode.FUNCTIONAL).run(new Program(prog));

        int k = 9 * c;
        byte[] im2col = new byte[h * h * k];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        System.arraycopy(in, ((y + i) * inH + x + j) * c, im2col, (y * h + x) * k + (i * 3 + j) * c, c);
                    }
                }
            }
        }
        float[] acc = new float[h * h * filters];
        ReferenceGemm.gemm(new ArrayShape(8, 8), ArrayDataflow.WS, Accumulation.FP32, new GemmCall(
                new CodeMatrix(im2col, 0, k, FloatFormat.E5M2), new CodeMatrix(weights, 0, filters, FloatFormat.E5M2),
                new Fp32Matrix(acc, 0, filters), h * h, filters, k, false));
        Quantizer rne = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.RNE, Overflow.SATURATE));
        byte[] got = new byte[outH * outH * filters];
        m.dram().read(outAddr, got, 0, got.length);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                for (int f = 0; f < filters; f++) {
                    int at = ((y + pad) * outH + x + pad) * filters + f;
                    float v = acc[(y * h + x) * filters + f] * scale[f] + shift[f];
                    v = v + FloatFormat.E5M2.decode(shortcut[at] & 0xFF);
                    v = Math.max(v, 0.0f);
                    assertEquals((byte) rne.quantize(Float.floatToRawIntBits(v), 0), got[at], "y=" + y + " x=" + x + " f=" + f);
                }
            }
        }
    }

    static byte[] floats(float[] v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            for (int q = 0; q < 4; q++) {
                b[4 * i + q] = (byte) (bits >>> (8 * q));
            }
        }
        return b;
    }
}
