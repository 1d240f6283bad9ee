package io.github.fp8sim.workloads.train;

import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.G;
import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.M;
import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.T;
import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.U;
import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.V;
import static io.github.fp8sim.workloads.compiler.training.UpdateProgram.W;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.runtime.timing.CountedRun;
import io.github.fp8sim.workloads.compiler.training.UpdateProgram;
import io.github.fp8sim.workloads.compiler.training.UpdateProgram.Step;

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
 * <p>The program's layout and instructions are the compiler's ({@link UpdateProgram}); here the optimizer
 * becomes its {@link UpdateProgram.Formula}, and the host's weights and state go in and come back. An
 * instance is not thread-safe.
 */
final class ProgramUpdate {

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
        this.config = UpdateProgram.machineFor(machine);
        this.machine = new Machine(config);
        UpdateProgram.requireSeed(seed);
        this.seed = seed;
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
            out.addAll(UpdateProgram.srStream(0, 0, 0));
        }
        MachineConfig config = UpdateProgram.machineFor(machine);
        UpdateProgram.emit(config, out, UpdateProgram.Layout.of(config, n, fp16 != null ? 2 : 4, kernel.formula()), n,
                kernel.formula(), fp16);
        return out;
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
        UpdateProgram.Layout t = UpdateProgram.Layout.of(config, n, fp16 ? 2 : 4, kernel.formula());
        writeWeights(t.w(), weights, fp16);
        writeFloats(t.g(), scaledGradient);
        if (kernel.formula().loadsV()) {
            writeFloats(t.v(), kernel.v());
        }
        if (kernel.m() != null) {
            writeFloats(t.m(), kernel.m());
        }
        List<Instruction> insns = new ArrayList<>();
        QuantSpec spec = weights.updateSpec();
        if (fp16 && spec.rounding() == io.github.fp8sim.datapath.round.Rounding.SR) {
            insns.addAll(UpdateProgram.srStream(seed, weights.tensorId(), weights.updateCount()));
        }
        UpdateProgram.emit(config, insns, t, n, kernel.formula(), fp16 ? spec : null);
        insns.add(new Halt());
        CountedRun run = CountedRun.on(machine, Mode.FUNCTIONAL);
        instructions += run.run(new Program(insns));
        actions.addAll(run.accounting().actions());
        cycles += run.accounting().cycles();
        programs++;
        if (fp16) {
            weights.appliedCodes(readShorts(t.w(), n));
        } else {
            weights.appliedValues(readFloats(t.w(), n));
        }
        if (kernel.v() != null) {
            System.arraycopy(readFloats(t.v(), n), 0, kernel.v(), 0, n);
        }
        if (kernel.m() != null) {
            System.arraycopy(readFloats(t.m(), n), 0, kernel.m(), 0, n);
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

    /**
     * An optimizer's formula for the machine, and the host state it reads and writes.
     *
     * @param v      the state tensor behind region V (SGD's momentum, Adam's second moment), or null
     * @param m      Adam's first moment (region M), or null
     * @param commit what the host state learns once the program has run (flags, step counts)
     */
    private record Kernel(UpdateProgram.Formula formula, float[] v, float[] m, Runnable commit) {

        Kernel(List<Step> steps, float[] v, boolean loadsV, float[] m, Runnable commit) {
            this(new UpdateProgram.Formula(steps, loadsV, v != null, m != null), v, m, commit);
        }
    }

    /** The operations {@code optimizer} does per element, in the host's order, ending with W = the new FP32 weight. */
    private static Kernel kernel(Optimizer optimizer, OptimizerState state, long step, float inverseScale) {
        List<Step> ops = new ArrayList<>();
        ops.add(Step.imm(VectorFunc.MUL, G, G, inverseScale));                      // Trainer: g[i] *= 1 / scale
        switch (optimizer) {
            case Sgd sgd -> {
                if (sgd.nesterov()) {
                    throw new IllegalArgumentException("the update program has no Nesterov momentum");
                }
                SgdState s = (SgdState) state;
                if (sgd.weightDecay() != 0) {
                    ops.add(Step.imm(VectorFunc.MUL, T, W, (float) sgd.weightDecay()));  // wd * w
                    ops.add(Step.of(VectorFunc.ADD, G, G, T));                          // g + wd * w
                }
                int d = G;
                boolean first = !s.hasMomentum;
                if (sgd.momentum() != 0) {
                    if (first) {
                        ops.add(Step.unary(VectorFunc.COPY, V, G));                    // v = g
                    } else {
                        ops.add(Step.imm(VectorFunc.MUL, V, V, (float) sgd.momentum())); // mu * v
                        ops.add(Step.of(VectorFunc.ADD, V, V, G));                        // mu * v + g
                    }
                    d = V;
                }
                ops.add(Step.imm(VectorFunc.MUL, U, d, (float) sgd.lr().lr(step)));    // u = lr * d
                ops.add(Step.of(VectorFunc.SUB, W, W, U));                             // w - u
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
                    ops.add(Step.imm(VectorFunc.MUL, T, W, (float) adam.weightDecay()));
                    ops.add(Step.of(VectorFunc.ADD, G, G, T));
                }
                ops.add(Step.of(VectorFunc.SUB, T, G, M));                                  // g - m
                if (Math.abs(a) < 0.5f) {
                    ops.add(Step.imm(VectorFunc.MUL, T, T, a));                             // a * (g - m)
                    ops.add(Step.of(VectorFunc.ADD, M, M, T));                              // m + a (g - m)
                } else {
                    ops.add(Step.imm(VectorFunc.MUL, T, T, 1f - a));                        // (g - m) (1 - a)
                    ops.add(Step.of(VectorFunc.SUB, M, G, T));                              // g - (g - m)(1 - a)
                }
                ops.add(Step.imm(VectorFunc.MUL, V, V, (float) adam.beta2()));              // beta2 * v
                ops.add(Step.imm(VectorFunc.MUL, T, G, (float) (1 - adam.beta2())));        // (1 - beta2) g
                ops.add(Step.of(VectorFunc.MUL, T, T, G));                                  // ((1 - beta2) g) g
                ops.add(Step.of(VectorFunc.ADD, V, V, T));
                ops.add(Step.unary(VectorFunc.SQRT, T, V));                                 // sqrt(v), correctly rounded
                ops.add(Step.imm(VectorFunc.DIV, T, T, bc2Sqrt));
                ops.add(Step.imm(VectorFunc.ADD, T, T, (float) adam.eps()));                // denom
                ops.add(Step.imm(VectorFunc.MUL, U, M, stepSize));                          // stepSize * m
                ops.add(Step.of(VectorFunc.DIV, U, U, T));                                  // u
                ops.add(Step.of(VectorFunc.SUB, W, W, U));
                return new Kernel(ops, s.v, true, s.m, () -> s.t = t);
            }
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
