package io.github.fp8sim.datapath.round;

import static io.github.fp8sim.datapath.round.TestInputs.hex32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.oracle.FastExactReference;
import io.github.fp8sim.datapath.round.TestInputs.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Quantizer#quantize(int, int)}, the bit-trick fast path, is a cache of
 * {@link Converter#f32ToFormat}: equal codes on a strided sweep of all 2^32 FP32 inputs and densely
 * around each format's subnormal/normal transition, in every mode. The {@code exhaustive} tag (run
 * with {@code -Pexhaustive}) sweeps all 2^32 inputs, and checks the Converter there against
 * {@link FastExactReference}, the cheap exact reference derived from the contract.
 */
class QuantizerFastPathTest {

    /** Stride of the sweep over all 2^32 patterns: a prime, so every low-bit pattern is visited. */
    private static final int STRIDE = 257;
    private static final int CHUNKS = 64;

    static Stream<Arguments> formatsModesAndOverflows() {
        return FloatFormat.builtIns().stream()
                .filter(f -> f != FloatFormat.FP32)
                .flatMap(f -> Mode.ALL.stream().flatMap(m -> Stream.of(Overflow.values()).map(o -> Arguments.of(f, m, o))));
    }

    private static Quantizer quantizer(FloatFormat f, Mode m, Overflow o) {
        NanPolicy p = o == Overflow.SATURATE ? NanPolicy.MLDTYPES : NanPolicy.CANONICAL;
        return new Quantizer(new QuantSpec(f, m.rounding(), o, m.srBits(), p));
    }

    private static String mismatch(Quantizer q, int bits, int random) {
        QuantSpec s = q.spec();
        int fast = q.quantize(bits, random);
        int generic = Converter.code(Converter.f32ToFormat(s, random, bits));
        return fast == generic ? null : String.format("%s FP32 %s (%s) R=%d: quantize 0x%X, converter 0x%X", s,
                hex32(bits), Float.intBitsToFloat(bits), random, fast, generic);
    }

    /** The narrower formats, and FP32 itself (the identity path for FP32 outputs). */
    static Stream<Arguments> formatsWithFp32ModesAndOverflows() {
        return Stream.concat(formatsModesAndOverflows(),
                Mode.ALL.stream().flatMap(m -> Stream.of(Overflow.values()).map(o -> Arguments.of(FloatFormat.FP32, m, o))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("formatsWithFp32ModesAndOverflows")
    void fastPathEqualsConverterOnEvery257thFp32Pattern(FloatFormat f, Mode m, Overflow o) {
        Quantizer q = quantizer(f, m, o);
        List<String> wrong = TestInputs.failuresOf(CHUNKS, 10, chunk -> {
            SplittableRandom random = new SplittableRandom(chunk);
            List<String> w = new ArrayList<>();
            for (long k = chunk; k * STRIDE < 1L << 32; k += CHUNKS) {
                String s = mismatch(q, (int) (k * STRIDE), m.random(random));
                if (s != null && w.size() < 10) {
                    w.add(s);
                }
            }
            return w;
        });
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("formatsModesAndOverflows")
    void fastPathEqualsConverterDenselyAroundTheSubnormalToNormalTransition(FloatFormat f, Mode m, Overflow o) {
        // FP32 binades from 2 below the format's min subnormal to 1 above its min normal. The binades just
        // below and at the min normal (where the fast path switches method) are swept at stride 3, both signs.
        Quantizer q = quantizer(f, m, o);
        int emin = ExactOracle.emin(f);
        int loField = Math.max(0, emin - f.manBits() - 2 + 127);
        int hiField = Math.min(254, emin + 1 + 127);
        List<String> wrong = TestInputs.failuresOf(CHUNKS, 10, chunk -> {
            SplittableRandom random = new SplittableRandom(1000 + chunk);
            List<String> w = new ArrayList<>();
            for (int field = loField; field <= hiField; field++) {
                boolean transition = field == emin + 127 || field == emin - 1 + 127;
                int stride = transition ? 3 : 61;
                for (int man = chunk * stride; man < 1 << 23; man += CHUNKS * stride) {
                    int bits = (field << 23) | man;
                    for (int sign : new int[] {0, 0x8000_0000}) {
                        String s = mismatch(q, bits | sign, m.random(random));
                        if (s != null && w.size() < 10) {
                            w.add(s);
                        }
                    }
                }
            }
            return w;
        });
        assertEquals(List.of(), wrong);
    }

    /** Generic formats of up to 8 bits, m = 0 ones included (their kept LSB is the hidden bit). */
    static final List<String> GENERIC_8_BIT = List.of("e3m4", "e2m5", "e5m1", "e2m1", "e2m1fn", "e3m2fnuz",
            "e4m3b11fnuz", "e2m0fn", "e3m0fnuz", "e4m0fn", "e5m0fnuz", "e7m0fnuz");

    static Stream<Arguments> allFormatsModesAndOverflows() {
        return Stream.concat(formatsModesAndOverflows(), GENERIC_8_BIT.stream().map(FloatFormat::parse)
                .flatMap(f -> Mode.ALL.stream().flatMap(m -> Stream.of(Overflow.values()).map(o -> Arguments.of(f, m, o)))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("allFormatsModesAndOverflows")
    void fastPathEqualsConverterOnSpecialsAndAtEveryGridPointAndMidpoint(FloatFormat f, Mode m, Overflow o) {
        Quantizer q = quantizer(f, m, o);
        List<Integer> inputs = new ArrayList<>(List.of(0, 0x8000_0000, 1, 0x8000_0001, 0x007F_FFFF, 0x0080_0000,
                0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001));
        int max = ExactOracle.maxFiniteCode(f);
        int step = f.totalBits() <= 8 ? 1 : 7;
        for (int c = 0; c <= max; c += step) {
            int bits = TestInputs.f32BitsOf(f, c);
            int next = c < max ? TestInputs.f32BitsOf(f, c + 1) : Float.floatToRawIntBits(2 * Float.intBitsToFloat(bits));
            int mid = Float.floatToRawIntBits((Float.intBitsToFloat(bits) + Float.intBitsToFloat(next)) / 2);
            for (int x : new int[] {bits, mid - 1, mid, mid + 1}) {
                inputs.add(x);
                inputs.add(x | 0x8000_0000);
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        List<String> wrong = new ArrayList<>();
        for (int bits : inputs) {
            int[] rs = m.rounding() == Rounding.SR ? new int[] {0, (1 << m.srBits()) - 1, m.random(random)} : new int[] {0};
            for (int r : rs) {
                String s = mismatch(q, bits, r);
                if (s != null && wrong.size() < 10) {
                    wrong.add(s);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    static Stream<Arguments> byteFormatsAndArrayModes() {
        List<Mode> modes = List.of(Mode.RNE, Mode.RZ, Mode.SR8, Mode.SR16, new Mode(Rounding.SR, 1), new Mode(Rounding.SR, 4),
                new Mode(Rounding.SR, 23), new Mode(Rounding.SR, 24), new Mode(Rounding.SR, 31));
        return Stream.concat(FloatFormat.builtIn8Bit().stream(), GENERIC_8_BIT.stream().map(FloatFormat::parse))
                .flatMap(f -> modes.stream().flatMap(m -> Stream.of(Overflow.values()).map(o -> Arguments.of(f, m, o))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("byteFormatsAndArrayModes")
    void arrayQuantizeEqualsTheConverterElementByElement(FloatFormat f, Mode m, Overflow o) {
        // The array paths (block kernels from 32 elements on) against the generic converter, at odd offsets.
        Quantizer q = quantizer(f, m, o);
        SplittableRandom random = new SplittableRandom(f.name().hashCode() * 31L + m.srBits());
        int len = 10_007;
        float[] src = new float[len + 5];
        int[] rnd = new int[len + 7];
        for (int i = 0; i < src.length; i++) {
            int bits = i % 97 == 0 ? (i % 2 == 0 ? 0x7F80_0000 : 0xFF80_0000)     // +-Inf
                    : i % 89 == 0 ? (i % 2 == 0 ? 0xFFC0_0000 : 0x7F80_0001)        // qNaN, sNaN
                    : TestInputs.draw(random, f);
            src[i] = Float.intBitsToFloat(bits);
        }
        for (int i = 0; i < rnd.length; i++) {
            rnd[i] = (int) random.nextLong(1L << m.srBits());
        }
        for (int n : new int[] {len, 31, 32, 33, 1}) {
            byte[] dst = new byte[n + 3];
            if (m.rounding() == Rounding.SR) {
                q.quantize(src, 3, rnd, 5, dst, 3, n);
            } else {
                q.quantize(src, 3, dst, 3, n);
            }
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < n && wrong.size() < 10; i++) {
                int bits = Float.floatToRawIntBits(src[3 + i]);
                int r = m.rounding() == Rounding.SR ? rnd[5 + i] : 0;
                int want = Converter.code(Converter.f32ToFormat(
                        new QuantSpec(f, m.rounding(), o, m.srBits(), q.spec().nanPolicy()), r, bits));
                if ((dst[3 + i] & 0xFF) != want) {
                    wrong.add(String.format("%s n=%d [%d] FP32 %s R=%d: array 0x%X, converter 0x%X", q.spec(), n, i, hex32(bits),
                            r, dst[3 + i] & 0xFF, want));
                }
            }
            assertEquals(List.of(), wrong);
            assertEquals(0, dst[0] | dst[1] | dst[2], "nothing written before the offset");
        }
    }

    @Test
    void arrayQuantizeEqualsTheScalarPathAndRefusesSrAndWideFormats() {
        SplittableRandom random = new SplittableRandom(9);
        float[] src = new float[4096];
        for (int i = 0; i < src.length; i++) {
            src[i] = Float.intBitsToFloat(TestInputs.draw(random, FloatFormat.E4M3));
        }
        for (FloatFormat f : FloatFormat.builtIn8Bit()) {
            for (Mode m : List.of(Mode.RNE, Mode.RZ)) {
                Quantizer q = quantizer(f, m, Overflow.SATURATE);
                byte[] dst = new byte[src.length + 2];
                q.quantize(src, 0, dst, 2, src.length);
                byte[] expected = new byte[src.length + 2];
                for (int i = 0; i < src.length; i++) {
                    expected[i + 2] = (byte) q.quantize(Float.floatToRawIntBits(src[i]), 0);
                }
                assertArrayEquals(expected, dst, f + " " + m);
            }
        }
        assertThrows(IllegalStateException.class,
                () -> quantizer(FloatFormat.E5M2, Mode.SR8, Overflow.INF).quantize(src, 0, new byte[4], 0, 4));
        assertThrows(IllegalStateException.class,
                () -> quantizer(FloatFormat.FP16, Mode.RNE, Overflow.INF).quantize(src, 0, new byte[4], 0, 4));
    }

    @Test
    void quantizeCheckedRejectsARandomValueOutsideItsRange() {
        Quantizer q = quantizer(FloatFormat.E5M2, Mode.SR8, Overflow.INF);
        assertThrows(IllegalArgumentException.class, () -> q.quantizeChecked(0x3F90_0000, 256));
        assertThrows(IllegalArgumentException.class, () -> q.quantizeChecked(0x3F90_0000, -1));
        assertEquals(q.quantize(0x3F90_0000, 255), q.quantizeChecked(0x3F90_0000, 255));
        assertEquals(0x3C, quantizer(FloatFormat.E5M2, Mode.RNE, Overflow.INF).quantizeChecked(0x3F90_0000, -1),
                "R is ignored unless SR");
        float[] src = new float[64];
        int[] rnd = new int[64];
        rnd[40] = 256;
        assertThrows(IllegalArgumentException.class, () -> q.quantize(src, 0, rnd, 0, new byte[64], 0, 64),
                "the SR array path checks every R");
        rnd[40] = -1;
        assertThrows(IllegalArgumentException.class, () -> q.quantize(src, 0, rnd, 0, new byte[64], 0, 64));
    }

    // ---------------------------------------------------------------------------------------------
    // All 2^32 inputs (mvn -Pexhaustive test)

    static Stream<FloatFormat> e5m2AndE4m3() {
        return Stream.of(FloatFormat.E5M2, FloatFormat.E4M3);
    }

    /**
     * Every FP32 input: the fast path equals the Converter (rne/inf and rz/saturate), and the Converter's
     * code and flags equal {@link FastExactReference}'s (the contract in exact double arithmetic, itself
     * checked against {@link ExactOracle} in the default suite). The two infinite inputs under
     * saturate are compared by code only: their flags are the subject of
     * {@code ConverterTest.infiniteInputClampedToMaxFiniteRaisesInexactAsFpFlagsDefinesIt}.
     */
    @Tag("exhaustive")
    @ParameterizedTest(name = "{0}")
    @MethodSource("e5m2AndE4m3")
    void allFp32InputsFastPathEqualsConverterAndConverterEqualsTheExactReference(FloatFormat f) {
        NanPolicy p = NanPolicy.MLDTYPES;
        Quantizer rne = new Quantizer(new QuantSpec(f, Rounding.RNE, Overflow.INF, 8, p));
        Quantizer rz = new Quantizer(new QuantSpec(f, Rounding.RZ, Overflow.SATURATE, 8, p));
        FastExactReference ref = FastExactReference.of(f);
        AtomicLong checked = new AtomicLong();
        List<String> wrong = TestInputs.failuresOf(1 << 16, 20, chunk -> {
            List<String> w = new ArrayList<>();
            int base = chunk << 16;
            for (int low = 0; low < 1 << 16; low++) {
                int bits = base | low;
                long cRne = Converter.f32ToFormat(new QuantSpec(f, Rounding.RNE, Overflow.INF, 8, p), 0, bits);
                long cRz = Converter.f32ToFormat(new QuantSpec(f, Rounding.RZ, Overflow.SATURATE, 8, p), 0, bits);
                long eRne = ref.convert(p, Rounding.RNE, Overflow.INF, 8, 0, bits);
                long eRz = ref.convert(p, Rounding.RZ, Overflow.SATURATE, 8, 0, bits);
                boolean infinite = (bits & 0x7FFF_FFFF) == 0x7F80_0000;
                if (rne.quantize(bits, 0) != Converter.code(cRne) || rz.quantize(bits, 0) != Converter.code(cRz)
                        || cRne != eRne || (infinite ? (int) cRz != (int) eRz : cRz != eRz)) {
                    if (w.size() < 20) {
                        w.add(String.format("%s FP32 %s: rne quantize 0x%X converter %s reference %s;"
                                        + " rz quantize 0x%X converter %s reference %s", f, hex32(bits),
                                rne.quantize(bits, 0), show(cRne), show(eRne), rz.quantize(bits, 0), show(cRz), show(eRz)));
                    }
                }
            }
            checked.addAndGet(1 << 16);
            return w;
        });
        assertEquals(List.of(), wrong);
        assertEquals(1L << 32, checked.get(), "every FP32 pattern visited");
    }

    /** Every non-NaN FP32 input into FP16 with rne/inf: Converter and fast path equal the JDK's IEEE conversion. */
    @Tag("exhaustive")
    @Test
    void allFp32InputsRneIntoFp16EqualTheJdksFloatToFloat16() {
        Quantizer rne = new Quantizer(
                new QuantSpec(FloatFormat.FP16, Rounding.RNE, Overflow.INF, 8, NanPolicy.MLDTYPES));
        List<String> wrong = TestInputs.failuresOf(1 << 16, 20, chunk -> {
            List<String> w = new ArrayList<>();
            int base = chunk << 16;
            for (int low = 0; low < 1 << 16; low++) {
                int bits = base | low;
                float x = Float.intBitsToFloat(bits);
                if (Float.isNaN(x)) {
                    continue;
                }
                int want = Float.floatToFloat16(x) & 0xFFFF;
                int conv = Converter.code(Converter.f32ToFormat(
                        new QuantSpec(FloatFormat.FP16, Rounding.RNE, Overflow.INF, 8, NanPolicy.MLDTYPES), 0, bits));
                int fast = rne.quantize(bits, 0);
                if ((conv != want || fast != want) && w.size() < 20) {
                    w.add(String.format("FP32 %s: JDK 0x%04X, converter 0x%04X, quantize 0x%04X", hex32(bits), want, conv, fast));
                }
            }
            return w;
        });
        assertEquals(List.of(), wrong);
    }

    private static String show(long packed) {
        return String.format("0x%X %s", (int) packed, FpFlags.describe((int) (packed >>> 32)));
    }
}
