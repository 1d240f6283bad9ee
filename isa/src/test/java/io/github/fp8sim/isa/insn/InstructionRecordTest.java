package io.github.fp8sim.isa.insn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Records range-check every field against its encoding width and reject operands they do not read. */
class InstructionRecordTest {
    private static final long MAX_LOCAL = 0xFFFF_FFFFL;

    @Test
    void outOfRangeFieldsNameTheFieldTheValueAndTheRange() {
        assertRejects("DmaLoad.dramAddr = 281474976710656 is out of range 0..281474976710655 (48-bit field)",
                () -> new DmaLoad(Space.SPAD, 1L << 48, 0, 0, 0, 0, 0));
        assertRejects("DmaLoad.localAddr = -1 is out of range 0..4294967295 (32-bit field)",
                () -> new DmaLoad(Space.SPAD, 0, -1, 0, 0, 0, 0));
        assertRejects("DmaStore.rows = 65536 is out of range 0..65535 (16-bit field)",
                () -> new DmaStore(Space.ACC, 0, 0, 65536, 0, 0, 0));
        assertRejects("DmaStore.dramStride = 4294967296 is out of range 0..4294967295 (32-bit field)",
                () -> new DmaStore(Space.ACC, 0, 0, 0, 0, 0, 1L << 32));
        assertRejects("Gemm.ldc = -1 is out of range 0..65535 (16-bit field)",
                () -> gemm(0, 0, -1, false, false, 0));
        assertRejects("Gemm.cAddr = 4294967296 is out of range 0..4294967295 (32-bit field)",
                () -> gemm(MAX_LOCAL + 1, 0, 0, false, false, 0));
        assertRejects("Quantize.scaleExp = 128 is out of range -128..127 (8-bit signed field)",
                () -> quant(8, 128));
        assertRejects("Quantize.srBits = 32 is out of range 1..31 (5-bit field, 0 invalid)", () -> quant(32, 0));
        assertRejects("Quantize.srBits = 0 is out of range 1..31 (5-bit field, 0 invalid)", () -> quant(0, 0));
        assertRejects("VectorOp.cols = 70000 is out of range 0..65535 (16-bit field)",
                () -> new VectorOp(VectorFunc.EXP, 0, 0, 0, 1, 70000, 1, 1, 0, Broadcast.NONE, 0));
        assertRejects("Config.value = 140737488355328 is out of range -140737488355328..140737488355327 "
                + "(48-bit signed field)", () -> new Config(ConfigKey.SR_SEED, 1L << 47));
    }

    @Test
    void dmaNeedsALocalMemoryOnItsLocalSide() {
        assertRejects("DmaLoad.dst = DRAM is not allowed (expected SPAD or ACC)",
                () -> new DmaLoad(Space.DRAM, 0, 0, 0, 0, 0, 0));
        assertRejects("DmaStore.src = DRAM is not allowed (expected SPAD or ACC)",
                () -> new DmaStore(Space.DRAM, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void gemmTakesOnly8BitOperandsAndOneKindOfInitialValue() {
        assertRejects("Gemm.bFormat = BF16 is not allowed (the MAC array takes E5M2, E4M3, E5M2FNUZ or E4M3FNUZ)",
                () -> new Gemm(0, 0, 0, 1, 1, 1, 1, 1, 1, Dataflow.OS, NumFormat.E5M2, NumFormat.BF16, false, false,
                        0));
        assertRejects("Gemm.accumulate and Gemm.preload are both true (at most one may be)",
                () -> gemm(0, 0, 0, true, true, 0));
        assertRejects("Gemm.preloadAddr = 64 must be 0 when preload is false", () -> gemm(0, 0, 0, false, false, 64));
        gemm(0, 0, 0, false, true, 64);
        gemm(0, 0, 0, true, false, 0);
    }

    @Test
    void vectorOperandsThatAreNotReadMustBeZero() {
        assertRejects("VectorOp.bAddr = 4 must be 0 for unary RELU",
                () -> new VectorOp(VectorFunc.RELU, 0, 0, 4, 1, 1, 1, 1, 0, Broadcast.NONE, 0));
        assertRejects("VectorOp.bMode = ROW must be NONE for reduction RSUM",
                () -> new VectorOp(VectorFunc.RSUM, 0, 0, 0, 1, 1, 1, 1, 0, Broadcast.ROW, 0));
        assertRejects("VectorOp.bLd = 1 must be 0 when bMode is SCALAR",
                () -> new VectorOp(VectorFunc.ADD, 0, 0, 0, 1, 1, 1, 1, 1, Broadcast.SCALAR, 0));
        assertRejects("VectorOp.immBits = 1065353216 must be 0 when bMode is ROW",
                () -> new VectorOp(VectorFunc.ADD, 0, 0, 0, 1, 1, 1, 1, 0, Broadcast.ROW, 0x3F800000));
        assertRejects("VectorOp.bAddr = 16 must be 0 when bMode is IMM",
                () -> new VectorOp(VectorFunc.ADD, 0, 0, 16, 1, 1, 1, 1, 0, Broadcast.IMM, 0x3F800000));
        new VectorOp(VectorFunc.ADD, 0, 0, 16, 1, 1, 1, 1, 4, Broadcast.COL, 0);
    }

    @Test
    void aFenceNamesAtLeastOneUnit() {
        assertRejects("Fence names no unit (at least one of dma, mac, vector must be true)",
                () -> new Fence(false, false, false));
        assertEquals(new Fence(true, true, true), Fence.all());
    }

    @Test
    void nullEnumsAreRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new Quantize(0, 0, 0, 0, 0, 0, null, RoundMode.RNE, OverflowMode.SATURATE, 8, 0));
        assertEquals("Quantize.format must not be null", e.getMessage());
    }

    @Test
    void vectorFunctionsHaveTheArityTheBriefLists() {
        Map<VectorFunc.Arity, String> byArity = Arrays.stream(VectorFunc.values()).collect(Collectors.groupingBy(
                VectorFunc::arity, Collectors.mapping(VectorFunc::text, Collectors.joining(" "))));
        assertEquals("add sub mul div max min", byArity.get(VectorFunc.Arity.BINARY));
        assertEquals("copy neg abs relu gelu exp log rsqrt sqrt recip sigmoid tanh square",
                byArity.get(VectorFunc.Arity.UNARY));
        assertEquals("rsum rmax", byArity.get(VectorFunc.Arity.REDUCTION));
    }

    @Test
    void enumsParseTheirLowerCaseNamesAndSayWhatTheyExpected() {
        assertParses(Space.values(), Space::parse, Space::text);
        assertParses(Dataflow.values(), Dataflow::parse, Dataflow::text);
        assertParses(NumFormat.values(), NumFormat::parse, NumFormat::text);
        assertParses(RoundMode.values(), RoundMode::parse, RoundMode::text);
        assertParses(OverflowMode.values(), OverflowMode::parse, OverflowMode::text);
        assertParses(Broadcast.values(), Broadcast::parse, Broadcast::text);
        assertParses(VectorFunc.values(), VectorFunc::parse, VectorFunc::text);
        assertParses(ConfigKey.values(), ConfigKey::parse, ConfigKey::text);
        assertEquals(NumFormat.E5M2FNUZ, NumFormat.parse("E5M2FNUZ"));
        assertEquals("e5m2fnuz", NumFormat.E5M2FNUZ.text());
        assertEquals("loss_scale_exp", ConfigKey.LOSS_SCALE_EXP.text());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumFormat.parse("fp8"));
        assertEquals("unknown number format 'fp8' (expected one of e5m2, e4m3, e5m2fnuz, e4m3fnuz, fp16, bf16, fp32)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataflow.fromCode(3));
        assertEquals("no Dataflow has code 3 (codes 0..2)", e.getMessage());
    }

    private static <E> void assertParses(E[] values, Function<String, E> parse, Function<E, String> text) {
        for (E e : values) {
            assertEquals(e, parse.apply(text.apply(e)));
        }
    }

    private static Gemm gemm(long c, int m, int ldc, boolean accumulate, boolean preload, long preloadAddr) {
        return new Gemm(c, 0, 0, m, 1, 1, 1, 1, ldc, Dataflow.WS, NumFormat.E5M2, NumFormat.E4M3, accumulate,
                preload, preloadAddr);
    }

    private static Quantize quant(int srBits, int scaleExp) {
        return new Quantize(0, 0, 1, 1, 1, 1, NumFormat.E4M3, RoundMode.SR, OverflowMode.SATURATE, srBits, scaleExp);
    }

    private static void assertRejects(String message, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertEquals(message, e.getMessage());
    }
}
