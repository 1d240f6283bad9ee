package io.github.fp8sim.runtime.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Pins every row of the shipped 45 nm energy table to the figure its cited source gives. The source
 * figures below are typed from M. Horowitz, "Computing's energy problem (and what we can do about it)",
 * ISSCC 2014, figure 1.1.9 (45 nm, 0.9 V), not copied from the table; each row's arithmetic is the one
 * its {@code source} column states. A row whose derivation rounds is compared at the precision the
 * table prints (its last decimal).
 */
class ShippedEnergyTableSourcesTest {

    // Horowitz ISSCC 2014, 45 nm, energy per operation in pJ.
    private static final double INT8_ADD = 0.03;
    private static final double FP16_MULT = 1.1;
    private static final double FP32_ADD = 0.9;
    private static final double FP32_MULT = 3.7;
    private static final double SRAM_64BIT_READ_32KB = 20;   // 64-bit cache access, 32 KB
    private static final double SRAM_64BIT_READ_1MB = 100;   // 64-bit cache access, 1 MB
    private static final double DRAM_64BIT_MIN = 1300;       // DRAM access, 1.3-2.6 nJ per 64 bits
    private static final double DRAM_64BIT_MAX = 2600;

    private final EnergyTable table = EnergyTable.defaults();
    private final Set<EnergyAction> pinned = EnumSet.noneOf(EnergyAction.class);

    @Test
    void everyRowIsTheFigureItsSourceGives() {
        mac();
        addsAndConversions();
        sramBytes();
        dramByte();
        leakage();
        assertEquals(EnumSet.allOf(EnergyAction.class), pinned, "rows of the shipped table with no pinned figure");
    }

    private void pin(EnergyAction action, double expected, double printedPrecision) {
        assertEquals(expected, table.picojoules(action), printedPrecision / 2, action.key());
        pinned.add(action);
    }

    /** The MAC is an FP32 add plus Horowitz's FP16 multiply scaled to E4M3's significand. */
    private void mac() {
        // FP8 multiply: FP16's 1.1 pJ at an 11-bit significand, scaled by significand width squared to
        // E4M3's 4 bits: 1.1 x (4/11)^2 = 0.1455 pJ (the table adds "a 5-bit exponent add" and states
        // 0.15 pJ). MAC = FP32 add + FP8 multiply = 1.0455 pJ, printed to 2 decimals as 1.05.
        double fp8Multiply = FP16_MULT * (4.0 / 11) * (4.0 / 11);
        pin(EnergyAction.MAC, FP32_ADD + fp8Multiply, 0.01);
    }

    /** Adds and conversions are Horowitz's adders. */
    private void addsAndConversions() {
        pin(EnergyAction.ACC_ADD, FP32_ADD, 0.1);             // one FP32 add
        pin(EnergyAction.VECTOR_OP, FP32_ADD, 0.1);           // an FP32 add-class op
        pin(EnergyAction.QUANTIZE, INT8_ADD, 0.01);           // an 8-bit integer increment add
        pin(EnergyAction.SR_BIT, INT8_ADD / 8, 0.001);        // 0.03 / 8 = 0.00375, printed 0.004
        // A transcendental: 5 FP32 multiplies + 5 FP32 adds = 5 x 3.7 + 5 x 0.9 = 23.0 pJ.
        pin(EnergyAction.VECTOR_SPECIAL, 5 * FP32_MULT + 5 * FP32_ADD, 0.1);
    }

    /** SRAM bytes are Horowitz's cache reads interpolated to a 64 KiB bank. */
    private void sramBytes() {
        // Energy ~ capacity^a through (32 KB, 20 pJ) and (1 MB, 100 pJ): a = ln 5 / ln 32 = 0.464.
        double a = Math.log(SRAM_64BIT_READ_1MB / SRAM_64BIT_READ_32KB) / Math.log(1024.0 / 32);
        assertEquals(0.46, a, 0.005);
        // At 64 KB: 20 x 2^a = 27.6 pJ per 64 bits, which the table rounds to 28 pJ, so 28 / 8 = 3.5 pJ a byte.
        double per64Bits = SRAM_64BIT_READ_32KB * Math.pow(2, a);
        assertEquals(28, per64Bits, 0.5);
        double perByte = Math.round(per64Bits) / 8.0;
        pin(EnergyAction.SPAD_READ_BYTE, perByte, 0.1);
        // "writes taken equal to reads"; the accumulator rows cite the scratchpad's figure ("as spad_read_byte").
        pin(EnergyAction.SPAD_WRITE_BYTE, perByte, 0.1);
        pin(EnergyAction.ACC_READ_BYTE, perByte, 0.1);
        pin(EnergyAction.ACC_WRITE_BYTE, perByte, 0.1);
    }

    /** A DRAM byte is the midpoint of Horowitz's DRAM range over 8 bytes. */
    private void dramByte() {
        // (1.3 + 2.6) / 2 = 1.95 nJ per 64 bits; / 8 bytes = 243.75 pJ, printed 244.0.
        pin(EnergyAction.DRAM_BYTE, (DRAM_64BIT_MIN + DRAM_64BIT_MAX) / 2 / 8, 1);
    }

    /** Leakage is the stated 10 uW per PE at 1 GHz. */
    private void leakage() {
        // An assumption, not a measurement: 10 uW x 1 ns (one cycle at 1 GHz) = 1e-14 J = 0.01 pJ.
        pin(EnergyAction.LEAKAGE_PE_CYCLE, 10e-6 * 1e-9 * 1e12, 0.001);
    }
}
