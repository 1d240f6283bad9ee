package io.github.fp8sim.workloads.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.DramAllocator;
import io.github.fp8sim.runtime.timing.CountedRun;

/**
 * The optimizer's update of one parameter tensor as an ISA program on the modelled machine: the
 * master weights, the gradient and the optimizer state are loaded from DRAM into the accumulator SRAM,
 * the vector unit computes {@link Sgd}'s or {@link Adam}'s per-element formula (the loss scale's
 * reciprocal first) with one FP32 instruction per operation of the host's, in the host's order, and the
 * quantize unit rounds the new FP32 weights to the FP16 master format (SR with the update's random bits,
 * or RNE) before they are stored back; FP32 masters are stored as they are. The result is the host
 * update's bits ({@link MasterWeights#apply}), tested element for element.
 *
 * <p>Random bits: the host draws element {@code i}'s SR bits from Philox at counter (i, update, tensor)
 * keyed by the trainer's seed ({@link UpdateRandomness.Philox}). The machine's counter-based source is
 * that function when {@code sr_seed}, {@code sr_tensor} and {@code sr_step} hold the seed, the tensor
 * and the update count and the quantize unit meets the elements in index order (ARCHITECTURE.md section
 * 2), so every program sets those three registers and quantizes the tensor in index order. The machine
 * runs with its SR source set to {@code philox} and the {@code mldtypes} NaN policy of the host's
 * update whatever the configuration says, so that the update means the same on it. (The vector unit
 * makes every NaN the canonical positive one, the host keeps Java's; the trainer applies only steps
 * whose gradients are finite, so no NaN reaches an update.)
 *
 * <p>Layout: the tensor is seen as rows of {@code C} elements (C = min(n, 256)), processed in blocks of
 * whole rows that fit the accumulator's regions (then a last partial row); DRAM holds the master, the
 * gradient and the state tensors, each on a 4 KiB boundary. An instance is not thread-safe.
 */
final class ProgramUpdate {

    private static final int MAX_COLS = 256;

    private final MachineConfig config;
    private final Machine machine;
    private final long seed;
    private final ActionCounts actions = new ActionCounts();
    private long programs;
    private long instructions;
    private long cycles;

    /**
     * @param machine the machine the programs run on (its SR source is taken as philox, see above)
     * @param seed    the key of the trainer's update randomness ({@link UpdateRandomness.Philox#seed()})
     */
    ProgramUpdate(MachineConfig machine, long seed) {
        this.config = machineFor(machine);
        this.machine = new Machine(config);
        requireSeed(seed);
        this.seed = seed;
    }

    /** {@code machine} with the philox SR source and the host update's NaN policy (see the class comment). */
    static MachineConfig machineFor(MachineConfig machine) {
        MachineConfig.Sr sr = machine.sr();
        MachineConfig.Numerics n = machine.numerics();
        return new MachineConfig(machine.name(), machine.clockGhz(), machine.array(),
                new MachineConfig.Numerics(n.aFormat(), n.bFormat(), n.accumulator(), n.chunk(), NanPolicy.MLDTYPES),
                new MachineConfig.Sr(RandomKind.PHILOX, sr.lanes(), sr.lfsrWidth(), sr.lfsrTaps(), sr.seed(), sr.bits()),
                machine.scratchpad(), machine.accumulator(), machine.dram(), machine.vectorUnit(), machine.energyTable());
    }

    /**
     * The instructions of one steady-state update of an {@code n}-element tensor (SGD after its first step,
     * which also loads the momentum), without a halt: what {@link TrainingStepCost} times. The values are
     * placeholders; only the instruction stream matters in timing mode.
     *
     * @param fp16 the FP16 master's update conversion, or null for FP32 masters
     */
    static List<Instruction> timingProgram(MachineConfig machine, Optimizer optimizer, int n, QuantSpec fp16) {
        OptimizerState state = optimizer.newState(n);
        if (state instanceof SgdState s) {
            s.hasMomentum = true;
        }
        Kernel kernel = kernel(optimizer, state, 0, 1f);
        List<Instruction> out = new ArrayList<>();
        if (fp16 != null && fp16.rounding() == io.github.fp8sim.datapath.round.Rounding.SR) {
            out.add(new Config(ConfigKey.SR_SEED, 0));
            out.add(new Config(ConfigKey.SR_TENSOR, 0));
            out.add(new Config(ConfigKey.SR_STEP, 0));
        }
        MachineConfig config = machineFor(machine);
        emit(config, out, Tensors.of(config, n, fp16 != null ? 2 : 4, kernel), n, kernel, fp16);
        return out;
    }

    /**
     * Checks that {@code machine} can run update programs: its accumulator holds one element in each of the
     * regions and its scratchpad one FP16 element (rows narrow to fit smaller SRAMs).
     *
     * @throws IllegalArgumentException if it cannot
     */
    static void requireFits(MachineConfig machine) {
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
    static void requireSeed(long seed) {
        if (seed >= 1L << 47 || seed < -(1L << 47)) {
            throw new IllegalArgumentException("seed " + seed + " does not fit the machine's 48-bit sr_seed register");
        }
    }

    /**
     * One optimizer step of {@code weights} on the machine, as {@code optimizer.step(weights, g, state, step)}
     * on the host with {@code g[i] = scaledGradient[i] * inverseScale}; the weights and the state take the
     * program's results.
     */
    void step(Optimizer optimizer, MasterWeights weights, float[] scaledGradient, float inverseScale, OptimizerState state,
              long step) {
        StepChecks.lengths(weights, scaledGradient, state);
        int n = weights.length();
        if (n == 0) {
            optimizer.step(weights, new float[0], state, step);    // nothing to run; the counts move on as the host's
            return;
        }
        boolean fp16 = weights.storage() == MasterWeights.Storage.FP16;
        Kernel kernel = kernel(optimizer, state, step, inverseScale);
        Tensors t = Tensors.of(config, n, fp16 ? 2 : 4, kernel);
        writeWeights(t.w, weights, fp16);
        writeFloats(t.g, scaledGradient);
        if (kernel.loadsV()) {
            writeFloats(t.v, kernel.v());
        }
        if (kernel.m() != null) {
            writeFloats(t.m, kernel.m());
        }
        List<Instruction> insns = new ArrayList<>();
        QuantSpec spec = weights.updateSpec();
        if (fp16 && spec.rounding() == io.github.fp8sim.datapath.round.Rounding.SR) {
            insns.add(new Config(ConfigKey.SR_SEED, seed));
            insns.add(new Config(ConfigKey.SR_TENSOR, weights.tensorId()));
            insns.add(new Config(ConfigKey.SR_STEP, weights.updateCount()));   // the last write restarts the counter
        }
        emit(config, insns, t, n, kernel, fp16 ? spec : null);
        insns.add(new Halt());
        CountedRun run = CountedRun.on(machine, Mode.FUNCTIONAL);
        instructions += run.run(new Program(insns));
        actions.addAll(run.accounting().actions());
        cycles += run.accounting().cycles();
        programs++;
        if (fp16) {
            weights.appliedCodes(readShorts(t.w, n));
        } else {
            weights.appliedValues(readFloats(t.w, n));
        }
        if (kernel.v() != null) {
            System.arraycopy(readFloats(t.v, n), 0, kernel.v(), 0, n);
        }
        if (kernel.m() != null) {
            System.arraycopy(readFloats(t.m, n), 0, kernel.m(), 0, n);
        }
        kernel.commit().run();
    }

    /** What the programs run so far cost. */
    ExecutedUpdates executed() {
        return new ExecutedUpdates(programs, instructions, cycles, cycles / (config.clockGhz() * 1e9), actions);
    }

    /** The machine the programs ran on (the configuration with the philox SR source). */
    MachineConfig config() {
        return config;
    }

    // ---- the per-element formulas

    /** One operation of a kernel on the block's regions: {@code dst = a (func) b}, b a region or an immediate. */
    private record Op(VectorFunc func, int dst, int a, int b, float imm, boolean immediate) {
        static Op of(VectorFunc f, int dst, int a, int b) {
            return new Op(f, dst, a, b, 0, false);
        }

        static Op imm(VectorFunc f, int dst, int a, float imm) {
            return new Op(f, dst, a, 0, imm, true);
        }

        static Op unary(VectorFunc f, int dst, int a) {
            return new Op(f, dst, a, 0, 0, false);
        }
    }

    // accumulator regions of a block, one FP32 word per element each
    private static final int W = 0;
    private static final int G = 1;
    private static final int V = 2;
    private static final int M = 3;
    private static final int T = 4;
    private static final int U = 5;
    private static final int REGIONS = 6;

    /**
     * @param v      the state tensor loaded into V and stored back (SGD's momentum, Adam's second moment), or null
     * @param loadsV whether V is read (false for SGD's first step, which only writes it)
     * @param m      Adam's first moment (region M), or null
     * @param commit what the host state learns once the program has run (flags, step counts)
     */
    private record Kernel(List<Op> ops, float[] v, boolean loadsV, float[] m, Runnable commit) {
    }

    /** The operations {@code optimizer} does per element, in the host's order, ending with W = the new FP32 weight. */
    private static Kernel kernel(Optimizer optimizer, OptimizerState state, long step, float inverseScale) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.imm(VectorFunc.MUL, G, G, inverseScale));                      // Trainer: g[i] *= 1 / scale
        switch (optimizer) {
            case Sgd sgd -> {
                if (sgd.nesterov()) {
                    throw new IllegalArgumentException("the update program has no Nesterov momentum");
                }
                SgdState s = (SgdState) state;
                if (sgd.weightDecay() != 0) {
                    ops.add(Op.imm(VectorFunc.MUL, T, W, (float) sgd.weightDecay()));  // wd * w
                    ops.add(Op.of(VectorFunc.ADD, G, G, T));                          // g + wd * w
                }
                int d = G;
                boolean first = !s.hasMomentum;
                if (sgd.momentum() != 0) {
                    if (first) {
                        ops.add(Op.unary(VectorFunc.COPY, V, G));                    // v = g
                    } else {
                        ops.add(Op.imm(VectorFunc.MUL, V, V, (float) sgd.momentum())); // mu * v
                        ops.add(Op.of(VectorFunc.ADD, V, V, G));                        // mu * v + g
                    }
                    d = V;
                }
                ops.add(Op.imm(VectorFunc.MUL, U, d, (float) sgd.lr().lr(step)));    // u = lr * d
                ops.add(Op.of(VectorFunc.SUB, W, W, U));                             // w - u
                boolean momentum = sgd.momentum() != 0;
                return new Kernel(ops, momentum ? s.momentum : null, momentum && !first, null,
                        () -> s.hasMomentum = momentum);
            }
            case Adam adam -> {
                AdamState s = (AdamState) state;
                long t = s.t + 1;
                // the host's per-step scalars, computed the host's way (Adam.step)
                double bc1 = 1 - StrictMath.pow(adam.beta1(), t);
                double bc2 = 1 - StrictMath.pow(adam.beta2(), t);
                float stepSize = (float) (adam.lr().lr(step) / bc1);
                float bc2Sqrt = (float) StrictMath.sqrt(bc2);
                float a = (float) (1 - adam.beta1());
                if (adam.weightDecay() != 0) {
                    ops.add(Op.imm(VectorFunc.MUL, T, W, (float) adam.weightDecay()));
                    ops.add(Op.of(VectorFunc.ADD, G, G, T));
                }
                ops.add(Op.of(VectorFunc.SUB, T, G, M));                                  // g - m
                if (Math.abs(a) < 0.5f) {
                    ops.add(Op.imm(VectorFunc.MUL, T, T, a));                             // a * (g - m)
                    ops.add(Op.of(VectorFunc.ADD, M, M, T));                              // m + a (g - m)
                } else {
                    ops.add(Op.imm(VectorFunc.MUL, T, T, 1f - a));                        // (g - m) (1 - a)
                    ops.add(Op.of(VectorFunc.SUB, M, G, T));                              // g - (g - m)(1 - a)
                }
                ops.add(Op.imm(VectorFunc.MUL, V, V, (float) adam.beta2()));              // beta2 * v
                ops.add(Op.imm(VectorFunc.MUL, T, G, (float) (1 - adam.beta2())));        // (1 - beta2) g
                ops.add(Op.of(VectorFunc.MUL, T, T, G));                                  // ((1 - beta2) g) g
                ops.add(Op.of(VectorFunc.ADD, V, V, T));
                ops.add(Op.unary(VectorFunc.SQRT, T, V));                                 // sqrt(v), correctly rounded
                ops.add(Op.imm(VectorFunc.DIV, T, T, bc2Sqrt));
                ops.add(Op.imm(VectorFunc.ADD, T, T, (float) adam.eps()));                // denom
                ops.add(Op.imm(VectorFunc.MUL, U, M, stepSize));                          // stepSize * m
                ops.add(Op.of(VectorFunc.DIV, U, U, T));                                  // u
                ops.add(Op.of(VectorFunc.SUB, W, W, U));
                return new Kernel(ops, s.v, true, s.m, () -> s.t = t);
            }
        }
    }

    // ---- the program

    /** DRAM addresses of one update's tensors. */
    private record Tensors(long w, long g, long v, long m) {

        /**
         * The master, the gradient, then the state tensors {@code kernel} uses (a zero-byte region for one
         * it does not), each on its own pages ({@link DramAllocator}) after an unused first page.
         */
        static Tensors of(MachineConfig config, int n, int wBytes, Kernel kernel) {
            DramAllocator dram = new DramAllocator(DramAllocator.PAGE, config.dram().bytes());
            long w = dram.take((long) n * wBytes);
            long g = dram.take(4L * n);
            long v = dram.take(kernel.v() != null ? 4L * n : 0);
            return new Tensors(w, g, v, dram.take(kernel.m() != null ? 4L * n : 0));
        }
    }

    private static void emit(MachineConfig config, List<Instruction> out, Tensors t, int n, Kernel kernel, QuantSpec fp16) {
        // rows as wide as 256 elements, narrower on a machine whose SRAMs cannot hold one such row per region
        int cols = (int) Math.min(Math.min(n, MAX_COLS), Math.min(config.accumulator().bytes() / (REGIONS * 4L),
                config.scratchpad().bytes() / 2));
        requireFits(config);
        int fullRows = n / cols;
        long fit = Math.min(config.accumulator().bytes() / (REGIONS * 4L * cols), config.scratchpad().bytes() / (2L * cols));
        int rowsPerBlock = (int) Math.min(fit, Math.max(1, Math.min(fullRows, 0xFFFF)));
        long region = (long) rowsPerBlock * 4 * cols;     // every block's regions, the last partial row's too
        for (int r0 = 0; r0 < fullRows; r0 += rowsPerBlock) {
            block(out, t, (long) r0 * cols, Math.min(rowsPerBlock, fullRows - r0), cols, region, kernel, fp16);
        }
        if (n % cols != 0) {
            block(out, t, (long) fullRows * cols, 1, n % cols, region, kernel, fp16);
        }
    }

    /** Elements [first, first + rows * cols) as a rows x cols block, each accumulator region {@code region} bytes. */
    private static void block(List<Instruction> out, Tensors t, long first, int rows, int cols, long region, Kernel kernel,
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
        if (kernel.loadsV()) {
            out.add(new DmaLoad(Space.ACC, t.v() + first * 4, acc[V], rows, (int) rowBytes4, rowBytes4, rowBytes4, null, false));
        }
        if (kernel.m() != null) {
            out.add(new DmaLoad(Space.ACC, t.m() + first * 4, acc[M], rows, (int) rowBytes4, rowBytes4, rowBytes4, null, false));
        }
        for (Op op : kernel.ops()) {
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
        if (kernel.v() != null) {
            out.add(new DmaStore(Space.ACC, acc[V], t.v() + first * 4, rows, (int) rowBytes4, rowBytes4, rowBytes4));
        }
        if (kernel.m() != null) {
            out.add(new DmaStore(Space.ACC, acc[M], t.m() + first * 4, rows, (int) rowBytes4, rowBytes4, rowBytes4));
        }
    }

    // ---- DRAM in and out, little-endian

    private void writeWeights(long addr, MasterWeights w, boolean fp16) {
        if (fp16) {
            short[] codes = w.codes();
            ByteBuffer b = ByteBuffer.allocate(2 * codes.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(codes);
            machine.dram().write(addr, b.array(), 0, b.capacity());
        } else {
            writeFloats(addr, w.values());
        }
    }

    private void writeFloats(long addr, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        machine.dram().write(addr, b.array(), 0, b.capacity());
    }

    private float[] readFloats(long addr, int n) {
        byte[] bytes = new byte[4 * n];
        machine.dram().read(addr, bytes, 0, bytes.length);
        float[] out = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private short[] readShorts(long addr, int n) {
        byte[] bytes = new byte[2 * n];
        machine.dram().read(addr, bytes, 0, bytes.length);
        short[] out = new short[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }
}
