package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.workloads.compiler.GemmLayer;
import io.github.fp8sim.workloads.compiler.GemmLowering;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.TensorShape;

/**
 * What one training step's GEMMs cost on the machine: for every conv and linear node, the forward
 * GEMM (M x Cout x K, output RNE), the error GEMM (M x K x Cout, output SR) and the weight-gradient
 * GEMM (Cout x K x M, output SR); for every batched matmul, per batch index, the forward product and
 * the error GEMMs of both operands; each compiled to tiled ISA instructions ({@link GemmLowering}) with
 * its own DRAM operands and run in timing mode. The vector-unit work (BatchNorm, ReLU, loss) and the
 * optimizer update are not in these figures.
 */
public final class TrainingStepCost {

    /** Cycles, energy and MACs of the step's GEMMs, and how many there were. */
    public record Cost(long gemms, long macs, long cycles, double seconds, double energyPj) {
    }

    private static final long ALIGN = 4096;

    private TrainingStepCost() {
    }

    public static Cost of(Graph graph, MachineConfig machine, EnergyTable table) {
        OutputSpec forward = new OutputSpec(NumFormat.E5M2, RoundMode.RNE, OverflowMode.SATURATE, machine.sr().bits(), 0);
        OutputSpec backward = new OutputSpec(NumFormat.E5M2, RoundMode.SR, OverflowMode.SATURATE, machine.sr().bits(), 0);
        List<Instruction> insns = new ArrayList<>();
        long[] addr = {ALIGN};
        long macs = 0;
        int count = 0;
        for (Node n : graph.nodes()) {
            int m;
            int co;
            int k;
            if (n.op() instanceof Conv2d) {
                TensorShape out = graph.tensor(n.outputs().get(0)).shape();
                TensorShape w = graph.tensor(n.inputs().get(1)).shape();
                m = out.dim(0) * out.dim(2) * out.dim(3);
                co = w.dim(0);
                k = w.dim(1) * w.dim(2) * w.dim(3);
            } else if (n.op() instanceof Linear) {
                TensorShape w = graph.tensor(n.inputs().get(1)).shape();
                co = w.dim(0);
                k = w.dim(1);
                m = Math.toIntExact(graph.tensor(n.inputs().get(0)).numel() / k);
            } else if (n.op() instanceof MatMul mm) {
                // one product per batch index: C = op(A) op(B) (rows x cols x inner), and its two error GEMMs
                MatMulShape g = MatMulShape.of(mm, graph.tensor(n.inputs().get(0)).shape(),
                        graph.tensor(n.inputs().get(1)).shape());
                for (int i = 0; i < g.batches(); i++) {
                    emit(n.name() + "[" + i + "].fwd", g.rows(), g.cols(), g.inner(), forward, machine, addr, insns);
                    emit(n.name() + "[" + i + "].errA", g.rows(), g.inner(), g.cols(), backward, machine, addr, insns);
                    emit(n.name() + "[" + i + "].errB", g.inner(), g.cols(), g.rows(), backward, machine, addr, insns);
                }
                macs += 3L * g.batches() * g.rows() * g.cols() * g.inner();
                count += 3 * g.batches();
                continue;
            } else {
                continue;
            }
            emit(n.name() + ".fwd", m, co, k, forward, machine, addr, insns);
            emit(n.name() + ".err", m, k, co, backward, machine, addr, insns);
            emit(n.name() + ".wgrad", co, k, m, backward, machine, addr, insns);
            macs += 3L * m * co * k;
            count += 3;
        }
        insns.add(new Halt());
        Accounting a = new Accounting(machine, false);
        new Interpreter(new Machine(machine), Mode.TIMING).listen(a).run(new Program(insns));
        return new Cost(count, macs, a.cycles(), a.cycles() / (machine.clockGhz() * 1e9), a.energyPicojoules(table));
    }

    private static void emit(String name, int m, int n, int k, OutputSpec out, MachineConfig machine, long[] addr,
                             List<Instruction> insns) {
        long a = take(addr, (long) m * k, machine, name);
        long b = take(addr, (long) k * n, machine, name);
        long c = take(addr, (long) m * n * out.bytesPerElement(), machine, name);
        GemmLowering.emit(new GemmLayer(name, m, n, k, a, k, NumFormat.E5M2, b, n, NumFormat.E5M2, -1, false, c,
                (long) n * out.bytesPerElement(), out), machine, insns);
    }

    private static long take(long[] addr, long bytes, MachineConfig machine, String name) {
        long at = addr[0];
        addr[0] = (addr[0] + bytes + ALIGN - 1) / ALIGN * ALIGN;
        if (addr[0] > machine.dram().bytes()) {
            throw new IllegalArgumentException(name + ": the step's operands need more DRAM than " + machine.name() + " has");
        }
        return at;
    }
}
