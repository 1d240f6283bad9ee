package io.github.fp8sim.workloads.compiler.training;

import java.util.List;

import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.workloads.compiler.DramAllocator;

/**
 * An optimizer's update of one parameter tensor as ISA instructions: the master weights, the gradient and
 * the optimizer state are loaded from DRAM into the accumulator SRAM, the vector unit computes the
 * per-element {@link Formula} (one FP32 instruction per {@link Step}), and the quantize unit rounds the
 * new FP32 weights to the FP16 master format (SR or RNE) before they are stored back; FP32 masters are
 * stored as they are. Which formula an optimizer is, and what the host state learns from the run, is the
 * trainer's business; this class only lays out and emits.
 *
 * <p>SR bits: the machine's counter-based (philox) source gives element {@code i} the bits the host's
 * update draws when {@code sr_seed}, {@code sr_tensor} and {@code sr_step} hold the seed, the tensor and
 * the update count and the quantize unit meets the elements in index order (ARCHITECTURE.md section 2):
 * {@link #srStream} sets the three registers, and the blocks below quantize in index order.
 *
 * <p>Layout: the tensor is seen as rows of {@code C} elements (C = min(n, 256)), processed in blocks of
 * whole rows that fit the accumulator's regions (then a last partial row); DRAM holds the master, the
 * gradient and the state tensors the formula uses, each on its own pages ({@link DramAllocator}).
 */
public final class UpdateProgram {

    private static final int MAX_COLS = 256;

    // The accumulator regions of a block, one FP32 word per element each.
    /** Region of the weights: the FP32 master, or the FP16 master widened; the new weights at the end. */
    public static final int W = 0;
    /** Region of the gradient. */
    public static final int G = 1;
    /** Region of SGD's momentum or Adam's second moment. */
    public static final int V = 2;
    /** Region of Adam's first moment. */
    public static final int M = 3;
    /** Scratch regions of the formula's steps. */
    public static final int T = 4;
    /** Scratch region: the update subtracted from W. */
    public static final int U = 5;
    static final int REGIONS = 6;

    private UpdateProgram() {
    }

    /** One operation of the formula on the block's regions: {@code dst = a (func) b}, b a region or an immediate. */
    public record Step(VectorFunc func, int dst, int a, int b, float imm, boolean immediate) {
        public static Step of(VectorFunc f, int dst, int a, int b) {
            return new Step(f, dst, a, b, 0, false);
        }

        public static Step imm(VectorFunc f, int dst, int a, float imm) {
            return new Step(f, dst, a, 0, imm, true);
        }

        public static Step unary(VectorFunc f, int dst, int a) {
            return new Step(f, dst, a, 0, 0, false);
        }
    }

    /**
     * An optimizer's per-element update as vector steps on a block's regions, in the host's order, ending
     * with W = the new FP32 weight.
     *
     * @param loadsV  whether region V is loaded before the steps (false for SGD's first step, which only writes it)
     * @param storesV whether region V (SGD's momentum, Adam's second moment) is stored back
     * @param usesM   whether region M (Adam's first moment) is loaded and stored back
     */
    public record Formula(List<Step> steps, boolean loadsV, boolean storesV, boolean usesM) {

        public Formula {
            steps = List.copyOf(steps);
            if (loadsV && !storesV) {
                throw new IllegalArgumentException("a formula that reads V also writes it back");
            }
        }
    }

    /** DRAM addresses of one update's tensors. */
    public record Layout(long w, long g, long v, long m) {

        /**
         * The master ({@code wBytes} per element), the gradient, then the state tensors {@code formula} uses
         * (a zero-byte region for one it does not), each on its own pages after an unused first page.
         */
        public static Layout of(MachineConfig config, int n, int wBytes, Formula formula) {
            DramAllocator dram = new DramAllocator(DramAllocator.PAGE, config.dram().bytes());
            long w = dram.take((long) n * wBytes);
            long g = dram.take(4L * n);
            long v = dram.take(formula.storesV() ? 4L * n : 0);
            return new Layout(w, g, v, dram.take(formula.usesM() ? 4L * n : 0));
        }
    }

    /** {@code machine} with the philox SR source and the host update's NaN policy (see the class comment). */
    public static MachineConfig machineFor(MachineConfig machine) {
        MachineConfig.Sr sr = machine.sr();
        MachineConfig.Numerics n = machine.numerics();
        return new MachineConfig(machine.name(), machine.clockGhz(), machine.array(),
                new MachineConfig.Numerics(n.aFormat(), n.bFormat(), n.accumulator(), n.chunk(), NanPolicy.MLDTYPES),
                new MachineConfig.Sr(RandomKind.PHILOX, sr.lanes(), sr.lfsrWidth(), sr.lfsrTaps(), sr.seed(), sr.bits()),
                machine.scratchpad(), machine.accumulator(), machine.dram(), machine.vectorUnit(), machine.energyTable());
    }

    /**
     * Checks that {@code machine} can run update programs: its accumulator holds one element in each of the
     * regions and its scratchpad one FP16 element (rows narrow to fit smaller SRAMs).
     *
     * @throws IllegalArgumentException if it cannot
     */
    public static void requireFits(MachineConfig machine) {
        if (machine.accumulator().bytes() < REGIONS * 4L || machine.scratchpad().bytes() < 2) {
            throw new IllegalArgumentException(machine.name() + "'s accumulator (" + machine.accumulator().bytes()
                    + " bytes) cannot hold the update program's " + REGIONS + " FP32 regions");
        }
    }

    /**
     * Checks that {@code seed} fits the machine's {@code sr_seed} register (a 48-bit two's-complement field).
     *
     * @throws IllegalArgumentException if it does not
     */
    public static void requireSeed(long seed) {
        if (seed >= 1L << 47 || seed < -(1L << 47)) {
            throw new IllegalArgumentException("seed " + seed + " does not fit the machine's 48-bit sr_seed register");
        }
    }

    /**
     * The SR stream registers for an FP16 master's SR rounding: the seed, the tensor, and the update count,
     * which restarts the element counter (it is written last).
     */
    public static List<Instruction> srStream(long seed, long tensor, long update) {
        return List.of(new Config(ConfigKey.SR_SEED, seed), new Config(ConfigKey.SR_TENSOR, tensor),
                new Config(ConfigKey.SR_STEP, update));
    }

    /**
     * Appends the instructions of one update of the {@code n}-element tensor laid out as {@code t}, without
     * a halt.
     *
     * @param fp16 the FP16 master's update conversion, or null for FP32 masters
     */
    public static void emit(MachineConfig config, List<Instruction> out, Layout t, int n, Formula formula,
                            QuantSpec fp16) {
        // rows as wide as 256 elements, narrower on a machine whose SRAMs cannot hold one such row per region
        int cols = (int) Math.min(Math.min(n, MAX_COLS), Math.min(config.accumulator().bytes() / (REGIONS * 4L),
                config.scratchpad().bytes() / 2));
        requireFits(config);
        int fullRows = n / cols;
        long fit = Math.min(config.accumulator().bytes() / (REGIONS * 4L * cols), config.scratchpad().bytes() / (2L * cols));
        int rowsPerBlock = (int) Math.min(fit, Math.max(1, Math.min(fullRows, 0xFFFF)));
        long region = (long) rowsPerBlock * 4 * cols;     // every block's regions, the last partial row's too
        for (int r0 = 0; r0 < fullRows; r0 += rowsPerBlock) {
            block(out, t, (long) r0 * cols, Math.min(rowsPerBlock, fullRows - r0), cols, region, formula, fp16);
        }
        if (n % cols != 0) {
            block(out, t, (long) fullRows * cols, 1, n % cols, region, formula, fp16);
        }
    }

    /** Elements [first, first + rows * cols) as a rows x cols block, each accumulator region {@code region} bytes. */
    private static void block(List<Instruction> out, Layout t, long first, int rows, int cols, long region, Formula formula,
                       QuantSpec fp16) {
        long[] acc = new long[REGIONS];
        for (int i = 0; i < REGIONS; i++) {
            acc[i] = i * region;
        }
        int wBytes = fp16 != null ? 2 : 4;
        long rowBytesW = (long) wBytes * cols;
        long rowBytes4 = 4L * cols;
        out.add(new DmaLoad(Space.ACC, t.w() + first * wBytes, acc[W], rows, (int) rowBytesW, rowBytesW, rowBytes4,
                fp16 != null ? NumFormat.FP16 : null, false));
        out.add(new DmaLoad(Space.ACC, t.g() + first * 4, acc[G], rows, (int) rowBytes4, rowBytes4, rowBytes4, null, false));
        if (formula.loadsV()) {
            out.add(new DmaLoad(Space.ACC, t.v() + first * 4, acc[V], rows, (int) rowBytes4, rowBytes4, rowBytes4, null, false));
        }
        if (formula.usesM()) {
            out.add(new DmaLoad(Space.ACC, t.m() + first * 4, acc[M], rows, (int) rowBytes4, rowBytes4, rowBytes4, null, false));
        }
        for (Step op : formula.steps()) {
            boolean binary = op.func().arity() == VectorFunc.Arity.BINARY;
            out.add(new VectorOp(op.func(), acc[op.dst()], acc[op.a()], binary && !op.immediate() ? acc[op.b()] : 0, rows, cols,
                    cols, cols, binary && !op.immediate() ? cols : 0,
                    binary ? (op.immediate() ? Broadcast.IMM : Broadcast.NONE) : Broadcast.NONE,
                    op.immediate() ? Float.floatToRawIntBits(op.imm()) : 0));
        }
        if (fp16 != null) {
            out.add(new Quantize(0, acc[W], rows, cols, cols, cols, NumFormat.FP16, RoundMode.valueOf(fp16.rounding().name()),
                    OverflowMode.valueOf(fp16.overflow().name()), fp16.srBits(), 0));
            out.add(new DmaStore(Space.SPAD, 0, t.w() + first * 2, rows, (int) rowBytesW, rowBytesW, rowBytesW));
        } else {
            out.add(new DmaStore(Space.ACC, acc[W], t.w() + first * 4, rows, (int) rowBytes4, rowBytes4, rowBytes4));
        }
        if (formula.storesV()) {
            out.add(new DmaStore(Space.ACC, acc[V], t.v() + first * 4, rows, (int) rowBytes4, rowBytes4, rowBytes4));
        }
        if (formula.usesM()) {
            out.add(new DmaStore(Space.ACC, acc[M], t.m() + first * 4, rows, (int) rowBytes4, rowBytes4, rowBytes4));
        }
    }
}
