package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Test inputs and helpers shared by the conversion tests (SplittableRandom here only makes test inputs). */
final class TestInputs {

    private TestInputs() {
    }

    /** A rounding mode with its r for SR. */
    record Mode(Rounding rounding, int srBits) {
        static final Mode RNE = new Mode(Rounding.RNE, 8);
        static final Mode RZ = new Mode(Rounding.RZ, 8);
        static final Mode SR8 = new Mode(Rounding.SR, 8);
        static final Mode SR16 = new Mode(Rounding.SR, 16);
        static final List<Mode> ALL = List.of(RNE, RZ, SR8, SR16);

        /** A valid R for this mode (0 unless SR). */
        int random(SplittableRandom random) {
            return rounding == Rounding.SR ? random.nextInt(1 << srBits) : 0;
        }

        @Override
        public String toString() {
            return rounding == Rounding.SR ? "sr" + srBits : rounding.cliName();
        }
    }

    /**
     * A random FP32 pattern: a quarter uniform over all 2^32, the rest with an exponent drawn from two
     * binades below the format's min subnormal to two above its max finite (both signs, random
     * mantissa), and 1 in 64 a grid point or midpoint of the format (exactly, or one FP32 ulp off).
     * Infinities are left to the dedicated tests; NaNs come with the uniform share.
     */
    static int draw(SplittableRandom random, FloatFormat f) {
        int pick = random.nextInt(64);
        if (pick < 16) {
            int bits = random.nextInt();
            return (bits & 0x7FFF_FFFF) == 0x7F80_0000 ? bits | 1 : bits;
        }
        if (pick == 0x3F && ExactOracle.totalBits(f) <= 16) {
            return nearGridPoint(random, f);
        }
        int lo = ExactOracle.emin(f) - f.manBits() - 2;
        int hi = ExactOracle.floorLog2(ExactOracle.maxFinite(f)) + 2;
        int field = Math.max(0, Math.min(254, random.nextInt(lo, hi + 1) + 127));
        return (random.nextInt() & 0x807F_FFFF) | (field << 23);
    }

    private static int nearGridPoint(SplittableRandom random, FloatFormat f) {
        int max = ExactOracle.maxFiniteCode(f);
        int c = random.nextInt(max + 1);
        BigDecimal v = ExactOracle.value(f, c);
        if (random.nextBoolean()) {
            BigDecimal next = c < max ? ExactOracle.value(f, c + 1) : v.add(v.subtract(ExactOracle.value(f, c - 1)));
            v = v.add(next).divide(BigDecimal.TWO);
        }
        int bits = Float.floatToRawIntBits(v.floatValue()) + random.nextInt(-1, 2);
        return random.nextBoolean() ? bits | 0x8000_0000 : bits;
    }

    static NanPolicy policy(SplittableRandom random) {
        return random.nextBoolean() ? NanPolicy.MLDTYPES : NanPolicy.CANONICAL;
    }

    /** FP32 bits of an exact value of a format (-0 for a negative zero code). */
    static int f32BitsOf(FloatFormat f, int code) {
        BigDecimal v = ExactOracle.value(f, code);
        float x = v.floatValue();
        if (new BigDecimal(x).compareTo(v) != 0) {
            throw new AssertionError(v + " is not an FP32 value");
        }
        return Float.floatToRawIntBits(x) | (ExactOracle.isNegative(f, code) ? 0x8000_0000 : 0);
    }

    /**
     * Runs {@code chunks} independent chunks in parallel, each given its index (seed it from that),
     * and collects up to {@code limit} failure descriptions in chunk order: deterministic whatever the
     * thread count.
     */
    static List<String> failuresOf(int chunks, int limit, IntFunction<List<String>> chunk) {
        List<List<String>> parts = IntStream.range(0, chunks).parallel().mapToObj(chunk).toList();
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            for (String s : p) {
                if (all.size() < limit) {
                    all.add(s);
                }
            }
        }
        return all;
    }

    static String hex32(int bits) {
        return String.format("0x%08X", bits);
    }
}
