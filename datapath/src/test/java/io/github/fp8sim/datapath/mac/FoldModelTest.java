package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * SCALE-Sim compute cycles (ARCHITECTURE.md section 4): os = ceil(M/R)*ceil(N/C)*(K+R+C-2)-1,
 * ws = ceil(K/R)*ceil(N/C)*(M+2R+C-2)-1, is = ws with M and N exchanged. The arithmetic of each
 * expected value is written out beside it.
 */
class FoldModelTest {

    private static long cycles(ArrayDataflow d, int r, int c, int m, int n, int k) {
        return FoldModel.computeCycles(d, new ArrayShape(r, c), m, n, k);
    }

    private static long folds(ArrayDataflow d, int r, int c, int m, int n, int k) {
        return FoldModel.folds(d, new ArrayShape(r, c), m, n, k);
    }

    @Test
    void workedExampleFromTheJavadoc() {
        // 16x16, M = N = K = 64. os: 4*4 = 16 folds of 64+16+16-2 = 94 -> 1504 - 1 = 1503.
        assertEquals(16, folds(ArrayDataflow.OS, 16, 16, 64, 64, 64));
        assertEquals(1503, cycles(ArrayDataflow.OS, 16, 16, 64, 64, 64));
        // ws: ceil(64/16) * ceil(64/16) = 16 folds of 64+32+16-2 = 110 -> 1760 - 1 = 1759; is the same (M = N).
        assertEquals(1759, cycles(ArrayDataflow.WS, 16, 16, 64, 64, 64));
        assertEquals(1759, cycles(ArrayDataflow.IS, 16, 16, 64, 64, 64));
    }

    @Test
    void raggedShapesOnARectangularArray() {
        // R = 8, C = 32, M = 100, N = 50, K = 30.
        // os: ceil(100/8) = 13, ceil(50/32) = 2 -> 26 folds of 30+8+32-2 = 68 -> 1768 - 1 = 1767.
        assertEquals(26, folds(ArrayDataflow.OS, 8, 32, 100, 50, 30));
        assertEquals(1767, cycles(ArrayDataflow.OS, 8, 32, 100, 50, 30));
        // ws: ceil(30/8) = 4, ceil(50/32) = 2 -> 8 folds of 100+16+32-2 = 146 -> 1168 - 1 = 1167.
        assertEquals(8, folds(ArrayDataflow.WS, 8, 32, 100, 50, 30));
        assertEquals(1167, cycles(ArrayDataflow.WS, 8, 32, 100, 50, 30));
        // is: ceil(30/8) = 4, ceil(100/32) = 4 -> 16 folds of 50+16+32-2 = 96 -> 1536 - 1 = 1535.
        assertEquals(16, folds(ArrayDataflow.IS, 8, 32, 100, 50, 30));
        assertEquals(1535, cycles(ArrayDataflow.IS, 8, 32, 100, 50, 30));
    }

    @Test
    void tinyArraysAndProblems() {
        // 1x1, M = N = K = 3. os: 3*3 = 9 folds of 3+1+1-2 = 3 -> 27 - 1 = 26.
        assertEquals(26, cycles(ArrayDataflow.OS, 1, 1, 3, 3, 3));
        // ws: 3*3 = 9 folds of 3+2+1-2 = 4 -> 36 - 1 = 35; is the same.
        assertEquals(35, cycles(ArrayDataflow.WS, 1, 1, 3, 3, 3));
        assertEquals(35, cycles(ArrayDataflow.IS, 1, 1, 3, 3, 3));
        // 4x4, M = N = K = 1: one fold each. os: 1+4+4-2 = 7 -> 6. ws: 1+8+4-2 = 11 -> 10.
        assertEquals(6, cycles(ArrayDataflow.OS, 4, 4, 1, 1, 1));
        assertEquals(10, cycles(ArrayDataflow.WS, 4, 4, 1, 1, 1));
        // is exchanges M and N: 4x4, M = 10, N = 1, K = 4. ws: 1*1 = 1 fold of 10+8+4-2 = 20 -> 19;
        // is: ceil(4/4) * ceil(10/4) = 3 folds of 1+8+4-2 = 11 -> 33 - 1 = 32.
        assertEquals(19, cycles(ArrayDataflow.WS, 4, 4, 10, 1, 4));
        assertEquals(32, cycles(ArrayDataflow.IS, 4, 4, 10, 1, 4));
    }

    @Test
    void emptyGemmTakesNoCycles() {
        assertEquals(0, cycles(ArrayDataflow.OS, 4, 4, 0, 5, 5));
        assertEquals(0, cycles(ArrayDataflow.WS, 4, 4, 5, 5, 0));
        assertEquals(0, cycles(ArrayDataflow.IS, 4, 4, 5, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> cycles(ArrayDataflow.OS, 4, 4, -1, 5, 5));
    }

    @Test
    void largeProblemsDoNotOverflow() {
        // 1x1 array, M = N = K = 100000: os folds = 10^10 of 100000 cycles -> 10^15 - 1.
        assertEquals(1_000_000_000_000_000L - 1, cycles(ArrayDataflow.OS, 1, 1, 100_000, 100_000, 100_000));
    }

    @Test
    void dataflowNames() {
        assertEquals(ArrayDataflow.WS, ArrayDataflow.parse(" WS "));
        assertEquals("is", ArrayDataflow.IS.cliName());
        assertThrows(IllegalArgumentException.class, () -> ArrayDataflow.parse("rs"));
        assertThrows(IllegalArgumentException.class, () -> ArrayDataflow.parse(null));
    }
}
