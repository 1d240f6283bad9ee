package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.workloads.compiler.DramAllocator;
import io.github.fp8sim.workloads.compiler.IndependentGemm;
import io.github.fp8sim.workloads.compiler.training.UpdateProgram;
import io.github.fp8sim.workloads.compiler.GemmLowering;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.runtime.timing.CountedRun;

/**
 * What one training step's GEMMs cost on the machine: every GEMM of the step ({@link #gemms}: forward,
 * output RNE; error and weight gradient, output SR), each compiled to tiled ISA instructions
 * ({@link GemmLowering}) with its own DRAM operands and run in timing mode. The vector-unit work (BatchNorm, ReLU, loss) and the
 * optimizer update are not in these figures.
 */
public final class TrainingStepCost {

    /** Cycles, energy and MACs of the step's GEMMs, and how many there were. */
    public record Cost(long gemms, long macs, long cycles, double seconds, double energyPj) {
    }

    private TrainingStepCost() {
    }

    /**
     * One GEMM of a training step: C (m x n) = A (m x k) B (k x n), its output rounded RNE (forward) or
     * SR (error and weight-gradient GEMMs).
     */
    public record StepGemm(String name, int m, int n, int k, boolean backward) {

        /** Multiply-accumulates: m n k. */
        public long macs() {
            return (long) m * n * k;
        }
    }

    /**
     * Every GEMM of one training step of {@code graph}, in node order, as {@link Fp8Numerics} multiplies
     * them (the same m, n and k): for a conv (im2col rows M = N Ho Wo, K = Cin kh kw) or linear layer the
     * forward (M x Cout x K), error (M x K x Cout) and weight-gradient (Cout x K x M) GEMMs; for an LSTM
     * cell the gate GEMM over [x | h] (B x 4H x (In + H)) and its error and weight GEMMs; for a batched
     * matmul, per batch index, the product (rows x cols x inner) and the error GEMMs of both operands.
     */
    public static List<StepGemm> gemms(Graph graph) {
        return gemms(graph, Set.of());
    }

    /** {@link #gemms(Graph)} without the nodes in {@code fp32Layers}, whose products stay off the array. */
    public static List<StepGemm> gemms(Graph graph, Set<String> fp32Layers) {
        List<StepGemm> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (fp32Layers.contains(n.name())) {
                continue;
            }
            int m;
            int co;
            int k;
            if (n.op() instanceof Conv2d) {
                TensorShape y = graph.tensor(n.outputs().get(0)).shape();
                TensorShape w = graph.tensor(n.inputs().get(1)).shape();
                m = y.dim(0) * y.dim(2) * y.dim(3);
                co = w.dim(0);
                k = w.dim(1) * w.dim(2) * w.dim(3);
            } else if (n.op() instanceof Linear) {
                TensorShape w = graph.tensor(n.inputs().get(1)).shape();
                co = w.dim(0);
                k = w.dim(1);
                m = Math.toIntExact(graph.tensor(n.inputs().get(0)).numel() / k);
            } else if (n.op() instanceof LstmCell) {
                // inputs x [B, In], h [B, H], c [B, H], wIh [4H, In], ...: one GEMM over the joined [x | h]
                m = graph.tensor(n.inputs().get(0)).shape().dim(0);
                co = graph.tensor(n.inputs().get(3)).shape().dim(0);
                k = graph.tensor(n.inputs().get(0)).shape().dim(1) + graph.tensor(n.inputs().get(1)).shape().dim(1);
            } else if (n.op() instanceof MatMul mm) {
                MatMulShape g = MatMulShape.of(mm, graph.tensor(n.inputs().get(0)).shape(),
                        graph.tensor(n.inputs().get(1)).shape());
                for (int i = 0; i < g.batches(); i++) {
                    String at = n.name() + "[" + i + "]";
                    out.add(new StepGemm(at + ".fwd", g.rows(), g.cols(), g.inner(), false));
                    out.add(new StepGemm(at + ".errA", g.rows(), g.inner(), g.cols(), true));
                    out.add(new StepGemm(at + ".errB", g.inner(), g.cols(), g.rows(), true));
                }
                continue;
            } else {
                continue;
            }
            out.add(new StepGemm(n.name() + ".fwd", m, co, k, false));
            out.add(new StepGemm(n.name() + ".err", m, k, co, true));
            out.add(new StepGemm(n.name() + ".wgrad", co, k, m, true));
        }
        return out;
    }

    /** The step's {@link #gemms} compiled into one program, each with its own DRAM operands, run in timing mode. */
    public static Cost of(Graph graph, MachineConfig machine, EnergyTable table) {
        return of(graph, Set.of(), machine, table);
    }

    /** The cost of {@link #gemms(Graph, Set)}: the step's FP8 GEMMs, the layers kept in FP32 left out. */
    public static Cost of(Graph graph, Set<String> fp32Layers, MachineConfig machine, EnergyTable table) {
        OutputSpec forward = new OutputSpec(NumFormat.E5M2, RoundMode.RNE, OverflowMode.SATURATE, machine.sr().bits(), 0);
        OutputSpec backward = new OutputSpec(NumFormat.E5M2, RoundMode.SR, OverflowMode.SATURATE, machine.sr().bits(), 0);
        List<Instruction> insns = new ArrayList<>();
        DramAllocator dram = new DramAllocator(DramAllocator.PAGE, machine.dram().bytes());   // the first page unused
        long macs = 0;
        List<StepGemm> gemms = gemms(graph, fp32Layers);
        for (StepGemm g : gemms) {
            try {
                IndependentGemm.emit(g.name(), g.m(), g.n(), g.k(), NumFormat.E5M2, NumFormat.E5M2,
                        g.backward() ? backward : forward, dram, machine, insns);
            } catch (DramAllocator.Exhausted e) {
                throw new IllegalArgumentException(g.name() + ": the step's operands need more DRAM than " + machine.name()
                        + " has", e);
            }
            macs += g.macs();
        }
        insns.add(new Halt());
        Accounting a = CountedRun.timing(machine, new Program(insns));
        return new Cost(gemms.size(), macs, a.cycles(), a.cycles() / (machine.clockGhz() * 1e9), a.energyPicojoules(table));
    }

    /**
     * What one optimizer update of every trainable tensor of the step costs on the machine: the programs
     * {@code --gemm-engine isa} runs ({@link ProgramUpdate}: master, gradient and state in, the formula on
     * the vector unit, the FP16 rounding on the quantize unit, out again), one after another in one program,
     * in steady state (SGD's momentum loaded), timed.
     *
     * @param tensors      trainable tensors updated
     * @param elements     their elements (the model's trainable parameters)
     * @param instructions instructions of the update program, its halt included
     */
    public record UpdateCost(int tensors, long elements, long instructions, long cycles, double seconds, double energyPj) {
    }

    /** The update cost of {@code graph}'s trainable tensors under {@code c}'s optimizer and master weights. */
    public static UpdateCost update(Graph graph, Trainer.Config c, EnergyTable table) {
        Optimizer optimizer = c.optimizer(1);
        QuantSpec fp16 = c.master() == MasterWeights.Storage.FP16
                ? MasterWeights.fp16Update(c.masterRounding(), Overflow.SATURATE) : null;
        List<Instruction> insns = new ArrayList<>();
        int tensors = 0;
        long elements = 0;
        for (Tensor t : graph.parameters()) {
            if (t.tensorClass().trainable()) {
                int n = Math.toIntExact(t.numel());
                insns.addAll(ProgramUpdate.timingProgram(c.machine(), optimizer, n, fp16));
                tensors++;
                elements += n;
            }
        }
        insns.add(new Halt());
        MachineConfig machine = UpdateProgram.machineFor(c.machine());
        CountedRun run = CountedRun.on(new Machine(machine), Mode.TIMING);
        long count = run.run(new Program(insns));
        Accounting a = run.accounting();
        return new UpdateCost(tensors, elements, count, a.cycles(), a.cycles() / (machine.clockGhz() * 1e9),
                a.energyPicojoules(table));
    }
}
