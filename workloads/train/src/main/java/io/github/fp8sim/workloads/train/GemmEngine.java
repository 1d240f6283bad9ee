package io.github.fp8sim.workloads.train;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.compiler.training.GemmProgram;
import io.github.fp8sim.workloads.compiler.training.UpdateProgram;
import io.github.fp8sim.workloads.graph.Graph;

/**
 * How the FP8 training engine runs one GEMM: FP8 code matrices in, FP32 accumulators out, in the
 * machine's array order (ARCHITECTURE.md section 2). Both engines compute the same bits; they differ in
 * what runs: {@link ArrayGemm} calls the MAC array directly, {@link ProgramGemm} compiles the GEMM to an
 * ISA program and executes it on the modelled machine, measuring what it cost.
 */
public sealed interface GemmEngine permits ArrayGemm, ProgramGemm {

    /**
     * Checks that the {@code kind} engine can run every GEMM of a training step of {@code graph} on
     * {@code machine}, before any step runs (the layers kept in FP32, {@code fp32Layers}, run none): the direct array engine always can; the ISA engine needs each
     * GEMM's operands to fit the DRAM and K tiles that keep the accumulation order ({@link ProgramGemm}),
     * and SRAMs that hold its optimizer-update programs' regions ({@link ProgramUpdate}).
     *
     * @throws IllegalArgumentException naming the first GEMM that cannot run and why
     */
    static void requireRunnable(Kind kind, MachineConfig machine, Graph graph, Set<String> fp32Layers) {
        if (kind == Kind.ISA) {
            UpdateProgram.requireFits(machine);
            for (TrainingStepCost.StepGemm g : TrainingStepCost.gemms(graph, fp32Layers)) {
                GemmProgram.check(machine, g.name(), g.m(), g.n(), g.k());
            }
        }
    }

    /**
     * Checks that the {@code kind} engine can run with {@code seed}: the ISA engine's update programs load it
     * into the machine's 48-bit {@code sr_seed} register ({@link ProgramUpdate}).
     *
     * @throws IllegalArgumentException if it does not fit
     */
    static void requireSeed(Kind kind, long seed) {
        if (kind == Kind.ISA) {
            UpdateProgram.requireSeed(seed);
        }
    }

    /** Which engine: the {@code --gemm-engine} values. */
    enum Kind {
        /** The MAC array called directly (the default: fastest). */
        ARRAY,
        /** Each GEMM compiled to an ISA program and run on the interpreter, its cycles and energy counted. */
        ISA;

        /** The command-line name: {@code array} or {@code isa}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The engine of {@code kind} on {@code machine}, its rows shared by {@code threads}. */
    static GemmEngine of(Kind kind, MachineConfig machine, GemmThreads threads) {
        return switch (kind) {
            case ARRAY -> new ArrayGemm(machine, threads);
            case ISA -> new ProgramGemm(machine, threads);
        };
    }

    /** C [m][n] = A [m][k] x B [k][n], all row-major; A's codes in {@code fa}, B's in {@code fb}. */
    float[] multiply(byte[] a, FloatFormat fa, byte[] b, FloatFormat fb, int m, int n, int k);

    /** What the GEMMs run so far cost on the machine, when this engine executes programs. */
    Optional<ExecutedGemms> executed();
}
