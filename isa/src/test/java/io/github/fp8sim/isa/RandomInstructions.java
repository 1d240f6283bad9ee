package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.isa.insn.Widths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Valid instructions for round-trip tests: seeded random ones whose fields are 0, the maximum or uniform
 * with equal odds (so extremes meet each other often), and hand-listed extremes of every kind.
 */
final class RandomInstructions {
    static final long MAX_DRAM = Widths.maxUnsigned(Widths.DRAM_ADDR);
    static final long MAX_LOCAL = Widths.maxUnsigned(Widths.LOCAL_ADDR);
    static final int MAX_DIM = (int) Widths.maxUnsigned(Widths.DIM);
    static final long MAX_STRIDE = Widths.maxUnsigned(Widths.STRIDE);
    private static final NumFormat[] FP8 =
            Arrays.stream(NumFormat.values()).filter(NumFormat::isFp8).toArray(NumFormat[]::new);

    private final Random random;

    RandomInstructions(long seed) {
        random = new Random(seed);
    }

    /** A program of {@code n} instructions, the last a halt. */
    Program program(int n) {
        List<Instruction> out = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            out.add(next());
        }
        out.add(new Halt());
        return new Program(out);
    }

    Instruction next() {
        return switch (random.nextInt(8)) {
            case 0 -> dmaLoad();
            case 1 -> new DmaStore(pick(Space.SPAD, Space.ACC), bits(Widths.LOCAL_ADDR), bits(Widths.DRAM_ADDR),
                    dim(), dim(), bits(Widths.STRIDE), bits(Widths.STRIDE));
            case 2 -> gemm();
            case 3 -> new Quantize(bits(Widths.LOCAL_ADDR), bits(Widths.LOCAL_ADDR), dim(), dim(), dim(), dim(),
                    pick(NumFormat.values()), pick(RoundMode.values()), pick(OverflowMode.values()),
                    1 + random.nextInt(31), (int) signed(Widths.SCALE_EXP));
            case 4 -> vectorOp();
            case 5 -> new Config(pick(ConfigKey.values()), signed(Widths.CONFIG_VALUE));
            case 6 -> {
                int units = 1 + random.nextInt(7);
                yield new Fence((units & 1) != 0, (units & 2) != 0, (units & 4) != 0);
            }
            default -> new Halt();
        };
    }

    private Gemm gemm() {
        int init = random.nextInt(3);
        return new Gemm(bits(Widths.LOCAL_ADDR), bits(Widths.LOCAL_ADDR), bits(Widths.LOCAL_ADDR),
                dim(), dim(), dim(), dim(), dim(), dim(), pick(Dataflow.values()), pick(FP8), pick(FP8),
                init == 1, init == 2, init == 2 ? bits(Widths.LOCAL_ADDR) : 0);
    }

    private VectorOp vectorOp() {
        VectorFunc func = pick(VectorFunc.values());
        long dst = bits(Widths.LOCAL_ADDR);
        long a = bits(Widths.LOCAL_ADDR);
        int rows = dim();
        int cols = dim();
        int dstLd = dim();
        int aLd = dim();
        if (func.arity() != VectorFunc.Arity.BINARY) {
            return new VectorOp(func, dst, a, 0, rows, cols, dstLd, aLd, 0, Broadcast.NONE, 0);
        }
        Broadcast mode = pick(Broadcast.values());
        long b = mode == Broadcast.IMM ? 0 : bits(Widths.LOCAL_ADDR);
        int bLd = mode == Broadcast.NONE || mode == Broadcast.COL ? dim() : 0;
        int imm = mode == Broadcast.IMM ? (int) bits(Widths.IMM) : 0;
        return new VectorOp(func, dst, a, b, rows, cols, dstLd, aLd, bLd, mode, imm);
    }

    private long bits(int width) {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> Widths.maxUnsigned(width);
            default -> random.nextLong() >>> (64 - width);
        };
    }

    private long signed(int width) {
        return switch (random.nextInt(4)) {
            case 0 -> Widths.minSigned(width);
            case 1 -> Widths.maxSigned(width);
            case 2 -> 0;
            default -> random.nextLong() >> (64 - width);
        };
    }

    private int dim() {
        return (int) bits(Widths.DIM);
    }

    @SafeVarargs
    private <E> E pick(E... values) {
        return values[random.nextInt(values.length)];
    }

    /** Every kind with every field at its minimum and at its maximum, and every flag/mode combination. */
    /** A load; into the accumulator, sometimes converting (whole elements per row) and accumulating. */
    private DmaLoad dmaLoad() {
        Space dst = pick(Space.SPAD, Space.ACC);
        NumFormat from = dst == Space.ACC && random.nextBoolean() ? pick(NumFormat.values()) : null;
        int rowBytes = dim();
        if (from != null) {
            rowBytes -= rowBytes % (from.bits() / 8);
        }
        return new DmaLoad(dst, bits(Widths.DRAM_ADDR), bits(Widths.LOCAL_ADDR), dim(), rowBytes,
                bits(Widths.STRIDE), bits(Widths.STRIDE), from, dst == Space.ACC && random.nextBoolean());
    }

    static List<Instruction> extremes() {
        List<Instruction> out = new ArrayList<>();
        out.add(new DmaLoad(Space.SPAD, 0, 0, 0, 0, 0, 0));
        out.add(new DmaLoad(Space.ACC, MAX_DRAM, MAX_LOCAL, MAX_DIM, MAX_DIM, MAX_STRIDE, MAX_STRIDE));
        out.add(new DmaLoad(Space.ACC, MAX_DRAM, MAX_LOCAL, MAX_DIM, MAX_DIM - 1, MAX_STRIDE, MAX_STRIDE, NumFormat.BF16, true));
        out.add(new DmaLoad(Space.ACC, 0, 0, 1, 4, 4, 16, NumFormat.E5M2, false));
        out.add(new DmaStore(Space.SPAD, 0, 0, 0, 0, 0, 0));
        out.add(new DmaStore(Space.ACC, MAX_LOCAL, MAX_DRAM, MAX_DIM, MAX_DIM, MAX_STRIDE, MAX_STRIDE));
        out.add(new Gemm(0, 0, 0, 0, 0, 0, 0, 0, 0, Dataflow.OS, NumFormat.E5M2, NumFormat.E5M2, false, false, 0));
        out.add(new Gemm(MAX_LOCAL, MAX_LOCAL, MAX_LOCAL, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM,
                Dataflow.IS, NumFormat.E4M3FNUZ, NumFormat.E4M3FNUZ, true, false, 0));
        out.add(new Gemm(MAX_LOCAL, MAX_LOCAL, MAX_LOCAL, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM,
                Dataflow.WS, NumFormat.E5M2FNUZ, NumFormat.E4M3, false, true, MAX_LOCAL));
        out.add(new Gemm(0, 0, 0, 0, 0, 0, 0, 0, 0, Dataflow.OS, NumFormat.E5M2, NumFormat.E5M2, false, true, 0));
        out.add(new Quantize(0, 0, 0, 0, 0, 0, NumFormat.E5M2, RoundMode.RNE, OverflowMode.SATURATE, 1,
                (int) Widths.minSigned(Widths.SCALE_EXP)));
        out.add(new Quantize(MAX_LOCAL, MAX_LOCAL, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, NumFormat.FP32, RoundMode.SR,
                OverflowMode.INF, 31, (int) Widths.maxSigned(Widths.SCALE_EXP)));
        for (VectorFunc func : VectorFunc.values()) {
            if (func.arity() != VectorFunc.Arity.BINARY) {
                out.add(new VectorOp(func, 0, 0, 0, 0, 0, 0, 0, 0, Broadcast.NONE, 0));
                out.add(new VectorOp(func, MAX_LOCAL, MAX_LOCAL, 0, MAX_DIM, MAX_DIM, MAX_DIM, MAX_DIM, 0,
                        Broadcast.NONE, 0));
                continue;
            }
            for (Broadcast mode : Broadcast.values()) {
                boolean hasB = mode != Broadcast.IMM;
                boolean hasLd = mode == Broadcast.NONE || mode == Broadcast.COL;
                out.add(new VectorOp(func, 0, 0, 0, 0, 0, 0, 0, 0, mode, 0));
                out.add(new VectorOp(func, MAX_LOCAL, MAX_LOCAL, hasB ? MAX_LOCAL : 0, MAX_DIM, MAX_DIM, MAX_DIM,
                        MAX_DIM, hasLd ? MAX_DIM : 0, mode, mode == Broadcast.IMM ? -1 : 0));
            }
        }
        for (int bits : new int[] {0x7F800000, 0xFF800000, 0x7FC00000, 0x80000000, 0x00000001, 0x7F7FFFFF}) {
            out.add(new VectorOp(VectorFunc.MUL, 0, 0, 0, 1, 1, 1, 1, 0, Broadcast.IMM, bits));
        }
        for (ConfigKey key : ConfigKey.values()) {
            out.add(new Config(key, Widths.minSigned(Widths.CONFIG_VALUE)));
            out.add(new Config(key, 0));
            out.add(new Config(key, Widths.maxSigned(Widths.CONFIG_VALUE)));
        }
        for (int units = 1; units < 8; units++) {
            out.add(new Fence((units & 1) != 0, (units & 2) != 0, (units & 4) != 0));
        }
        out.add(new Halt());
        return out;
    }

    /** A typical instance of each opcode with many fields non-zero. */
    static Instruction sample(Opcode op) {
        return switch (op) {
            case DMA_LOAD -> new DmaLoad(Space.SPAD, 0x10000, 0x40, 16, 64, 256, 64);
            case DMA_STORE -> new DmaStore(Space.ACC, 0x80, 0x20000, 16, 64, 64, 256);
            case GEMM -> new Gemm(0x100, 0, 0x400, 16, 32, 64, 64, 32, 32, Dataflow.WS, NumFormat.E4M3,
                    NumFormat.E5M2, false, true, 0x800);
            case QUANT -> new Quantize(0x2000, 0, 16, 16, 16, 16, NumFormat.E5M2, RoundMode.SR,
                    OverflowMode.SATURATE, 8, -3);
            case VOP -> new VectorOp(VectorFunc.ADD, 0, 0x100, 0x200, 4, 16, 16, 16, 16, Broadcast.NONE, 0);
            case CONFIG -> new Config(ConfigKey.SR_SEED, 42);
            case FENCE -> new Fence(true, false, true);
            case HALT -> new Halt();
        };
    }
}
