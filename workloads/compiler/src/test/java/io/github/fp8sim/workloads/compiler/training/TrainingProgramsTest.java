package io.github.fp8sim.workloads.compiler.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import org.junit.jupiter.api.Test;

/** The DRAM layouts of the training programs, worked out by hand on 4 KiB pages. */
class TrainingProgramsTest {

    /** edge16 with a 1 MiB DRAM. */
    private static final MachineConfig SMALL = MachineFiles.parse("""
            {"base": "edge16", "dram": {"bytes": 1048576}}
            """, false);

    @Test
    void aGemmProgramTakesAsManyRowsAsFitBesideB() {
        // B = 64 x 64 = 4096 bytes at 0; A from 4096; a row of A and its FP32 outputs: 64 + 4 * 64 = 320 bytes;
        // room = 1 MiB - 4096 - 4096 (the most C's page alignment can skip) = 1,040,384: 3251 rows
        assertEquals(3251, GemmProgram.rowsPerProgram(SMALL, 100_000, 64, 64));
        assertEquals(10, GemmProgram.rowsPerProgram(SMALL, 10, 64, 64));
        GemmProgram.Layout at = GemmProgram.Layout.of(SMALL, 3251, 64, 64);
        assertEquals(4096, at.a());
        assertEquals(4096 + 51 * 4096, at.c());    // 3251 * 64 = 208,064 bytes of A: 50.8 pages, so 51
        assertThrows(IllegalArgumentException.class, () -> GemmProgram.rowsPerProgram(SMALL, 1, 1024, 1024));
    }

    @Test
    void anUpdateLaysOutOnlyTheStateItsFormulaUses() {
        UpdateProgram.Formula sgdMomentum = new UpdateProgram.Formula(
                List.of(UpdateProgram.Step.of(VectorFunc.SUB, UpdateProgram.W, UpdateProgram.W, UpdateProgram.G)),
                true, true, false);
        // n = 1000 FP16 masters: W 2000 bytes at 4096, G 4000 bytes at 8192, V 4000 bytes at 12288, M none
        UpdateProgram.Layout t = UpdateProgram.Layout.of(SMALL, 1000, 2, sgdMomentum);
        assertEquals(new UpdateProgram.Layout(4096, 8192, 12288, 16384), t);
    }

    @Test
    void aFormulaThatReadsItsStateAlsoStoresIt() {
        assertThrows(IllegalArgumentException.class, () -> new UpdateProgram.Formula(List.of(), true, false, false));
    }

    @Test
    void theSeedMustFitTheSrSeedRegister() {
        UpdateProgram.requireSeed((1L << 47) - 1);
        UpdateProgram.requireSeed(-(1L << 47));
        assertThrows(IllegalArgumentException.class, () -> UpdateProgram.requireSeed(1L << 47));
    }
}
