package io.github.fp8sim.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Splitting a GEMM's rows across host threads never changes a bit of the accumulators. */
class GemmThreadsTest {

    static final MachineConfig MACHINE = Presets.defaultMachine();

    /** The accumulator words after one accumulating 150 x 96 x 320 GEMM over random finite codes. */
    static float[] run(Dataflow df, int threads) {
        int m = 150;
        int n = 96;
        int k = 320;
        Machine machine = new Machine(MACHINE);
        byte[] spad = machine.scratchpad().data();
        byte[] a = InterpreterTest.randomCodes(m * k, 11);
        byte[] b = InterpreterTest.randomCodes(k * n, 12);
        System.arraycopy(a, 0, spad, 0, a.length);
        System.arraycopy(b, 0, spad, a.length, b.length);
        float[] words = machine.accumulator().words();
        for (int i = 0; i < m * n; i++) {
            words[i] = (i % 7) - 3.25f;        // an accumulate starts from what is there
        }
        Program p = new Program(List.of(new Gemm(0, 0, a.length, m, n, k, k, n, n, df, NumFormat.E5M2, NumFormat.E5M2,
                true, false, 0), new Halt()));
        try (GemmThreads pool = GemmThreads.of(threads)) {
            new Interpreter(machine, Mode.FUNCTIONAL).threads(pool).run(p);
        }
        float[] out = new float[m * n];
        System.arraycopy(words, 0, out, 0, out.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(names = {"OS", "WS", "IS"})
    void anyThreadCountGivesTheSameBits(Dataflow df) {
        float[] one = run(df, 1);
        for (int t : new int[] {2, 3, 7}) {
            float[] many = run(df, t);
            int[] x = new int[one.length];
            int[] y = new int[one.length];
            for (int i = 0; i < one.length; i++) {
                x[i] = Float.floatToRawIntBits(one[i]);
                y[i] = Float.floatToRawIntBits(many[i]);
            }
            assertArrayEquals(x, y, df + " with " + t + " threads");
        }
    }

    @Test
    void theGemmReallyComputedSomething() {
        float[] r = run(Dataflow.OS, 2);
        assertNotEquals(r[0], 0 % 7 - 3.25f);
    }

    @Test
    void aThreadCountBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GemmThreads.of(0));
    }
}
