package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizer update as a program on the machine gives the host update's bits: the new master
 * weights (FP16 codes with SR or RNE, or FP32 values) and the optimizer state, step after step.
 */
class ProgramUpdateTest {

    private static final long SEED = 5;

    static Stream<Arguments> cases() {
        Optimizer[] optimizers = {
                new Sgd(new LrSchedule.Constant(0.05), 0.9, 5e-4, false),
                new Sgd(new LrSchedule.Cosine(0.1, 0, 4), 0, 0, false),
                new Adam(new LrSchedule.Cosine(0.002, 0, 4), 0.9, 0.999, 1e-8, 5e-4),
                new Adam(new LrSchedule.Constant(0.01), 0.2, 0.99, 1e-6, 0)};    // lerp weight 0.8: the other branch
        String[] storages = {"fp16-sr", "fp16-rne", "fp32"};
        // 1 element, a partial row, one row, several rows with a partial one, and more rows than one block holds
        int[] sizes = {1, 77, 256, 1000, 9000};
        return Arrays.stream(optimizers).flatMap(o -> Arrays.stream(storages).flatMap(s -> Arrays.stream(sizes)
                .mapToObj(n -> Arguments.of(o, s, n))));
    }

    private static MasterWeights master(String storage, float[] init, int tensorId) {
        return switch (storage) {
            case "fp16-sr" -> MasterWeights.fp16(tensorId, init, MasterWeights.fp16Update(Rounding.SR, Overflow.SATURATE),
                    new UpdateRandomness.Philox(SEED, 1));
            case "fp16-rne" -> MasterWeights.fp16(tensorId, init, MasterWeights.fp16Update(Rounding.RNE, Overflow.SATURATE), null);
            default -> MasterWeights.fp32(tensorId, init);
        };
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("cases")
    void threeStepsOnTheMachineEqualThreeStepsOnTheHost(Optimizer optimizer, String storage, int n) {
        SplittableRandom random = new SplittableRandom(n * 31L + storage.length());
        float[] init = new float[n];
        for (int i = 0; i < n; i++) {
            init[i] = (float) (0.2 * random.nextGaussian());
        }
        int tensorId = 3;
        MasterWeights host = master(storage, init, tensorId);
        MasterWeights onMachine = master(storage, init, tensorId);
        OptimizerState hostState = optimizer.newState(n);
        OptimizerState machineState = optimizer.newState(n);
        ProgramUpdate program = new ProgramUpdate(Presets.defaultMachine(), SEED);
        float scale = 1024f;
        float inv = 1f / scale;
        for (long step = 0; step < 3; step++) {
            float[] scaled = new float[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = (float) (scale * 0.01 * random.nextGaussian());
            }
            float[] g = scaled.clone();
            for (int i = 0; i < n; i++) {
                g[i] *= inv;    // as the Trainer unscales before the host optimizer
            }
            optimizer.step(host, g, hostState, step);
            program.step(optimizer, onMachine, scaled, inv, machineState, step);

            assertArrayEquals(host.values(), onMachine.values(), "weights after step " + step);
            if (host.storage() == MasterWeights.Storage.FP16) {
                assertArrayEquals(host.codes(), onMachine.codes());
            }
            assertEquals(host.updateCount(), onMachine.updateCount());
            switch (hostState) {
                case SgdState s -> {
                    assertArrayEquals(s.momentum(), ((SgdState) machineState).momentum(), "momentum after step " + step);
                    assertEquals(s.hasMomentum(), ((SgdState) machineState).hasMomentum());
                }
                case AdamState s -> {
                    assertArrayEquals(s.firstMoment(), ((AdamState) machineState).firstMoment(), "m after step " + step);
                    assertArrayEquals(s.secondMoment(), ((AdamState) machineState).secondMoment(), "v after step " + step);
                    assertEquals(s.steps(), ((AdamState) machineState).steps());
                }
                default -> throw new AssertionError(hostState);
            }
        }
        assertFalse(Arrays.equals(init, onMachine.values()), "the weights moved");
        assertEquals(3, program.executed().programs(), "one program per update");
        assertTrue(program.executed().cycles() > 0 && program.executed().instructions() > 0);
    }

    @Test
    void aMachineWithSmallSramsRunsTheUpdateInNarrowerRowsWithTheSameBits() {
        // 4 KiB of accumulator holds six regions of 170 FP32 words: rows of 170, not 256
        var small = io.github.fp8sim.runtime.config.MachineFiles.parse(
                "{\"base\": \"edge16\", \"name\": \"small-acc\", \"array\": {\"rows\": 4, \"cols\": 4},"
                        + " \"accumulator\": {\"bytes\": 4096}, \"scratchpad\": {\"bytes\": 512}}", false);
        int n = 1000;
        Adam adam = new Adam(new LrSchedule.Constant(0.01), 0.9, 0.999, 1e-8, 5e-4);
        SplittableRandom random = new SplittableRandom(9);
        float[] init = new float[n];
        for (int i = 0; i < n; i++) {
            init[i] = (float) random.nextGaussian();
        }
        MasterWeights host = master("fp16-sr", init, 7);
        MasterWeights onMachine = master("fp16-sr", init, 7);
        OptimizerState hs = adam.newState(n);
        OptimizerState ms = adam.newState(n);
        ProgramUpdate program = new ProgramUpdate(small, SEED);
        for (long step = 0; step < 3; step++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) random.nextGaussian();
            }
            adam.step(host, g.clone(), hs, step);
            program.step(adam, onMachine, g, 1f, ms, step);
            assertArrayEquals(host.codes(), onMachine.codes(), "step " + step);
        }
    }

    @Test
    void theStepCostTimesTheProgramTheIsaEngineRunsInSteadyState() {
        // TrainingStepCost times timingProgram; the engine runs step(): for SGD's second step (momentum
        // loaded) the two are the same instruction stream, so the machine model gives the same cycles
        int n = 3000;
        Sgd sgd = new Sgd(new LrSchedule.Constant(0.05), 0.9, 5e-4, false);
        MasterWeights w = master("fp16-sr", new float[n], 2);
        OptimizerState state = sgd.newState(n);
        ProgramUpdate program = new ProgramUpdate(Presets.defaultMachine(), SEED);
        program.step(sgd, w, new float[n], 1f, state, 0);
        long first = program.executed().cycles();
        program.step(sgd, w, new float[n], 1f, state, 1);
        long second = program.executed().cycles() - first;

        var insns = new java.util.ArrayList<>(ProgramUpdate.timingProgram(Presets.defaultMachine(), sgd, n,
                MasterWeights.fp16Update(Rounding.SR, Overflow.SATURATE)));
        insns.add(new io.github.fp8sim.isa.insn.Halt());
        var config = io.github.fp8sim.workloads.compiler.training.UpdateProgram.machineFor(Presets.defaultMachine());
        var timing = new io.github.fp8sim.runtime.timing.Accounting(config, false);
        long count = new io.github.fp8sim.runtime.exec.Interpreter(new io.github.fp8sim.runtime.exec.Machine(config),
                io.github.fp8sim.runtime.exec.Mode.TIMING).listen(timing).run(new io.github.fp8sim.isa.Program(insns));
        assertEquals(second, timing.cycles());
        assertTrue(first < second, "the first SGD step loads no momentum: " + first + " vs " + second);
        assertEquals(insns.size(), count);
    }

    @Test
    void theSrBitsAreTheUpdatesOwnAndNotRoundToNearest() {
        // an update far below FP16's spacing: RNE never moves the weight; SR moves some, as Philox says
        int n = 4096;
        float[] init = new float[n];
        Arrays.fill(init, 1f);
        float[] scaled = new float[n];
        Arrays.fill(scaled, 1f);
        Sgd sgd = new Sgd(new LrSchedule.Constant(0x1p-13), 0, 0, false);    // u = lr * g = 2^-13
        MasterWeights sr = master("fp16-sr", init, 1);
        MasterWeights rne = master("fp16-rne", init, 1);
        ProgramUpdate program = new ProgramUpdate(Presets.defaultMachine(), SEED);
        program.step(sgd, sr, scaled, 1f, sgd.newState(n), 0);
        program.step(sgd, rne, scaled, 1f, sgd.newState(n), 0);
        long moved = 0;
        for (float v : sr.values()) {
            moved += v != 1f ? 1 : 0;
        }
        for (float v : rne.values()) {
            assertEquals(1f, v);
        }
        // 1 - 2^-13 lies a quarter of the way from 1 down to 1 - 2^-11 (FP16's spacing below 1): P(down) = 1/4
        assertEquals(n / 4.0, moved, 4 * Math.sqrt(n * 0.25 * 0.75), "moved " + moved);
    }
}
