package io.github.fp8sim.datapath.round;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The array path of {@link Quantizer} (the vectorised block kernels, and the per-element fallback for
 * the specs they do not cover) against {@link Converter#f32ToFormat}, over dense FP32 sweeps: every
 * pattern in [0, 2^24) and in [0x3F000000, 0x40000000), and every 127th of all 2^32, for the four OCP
 * 8-bit formats under rne and rz, both overflow modes and both NaN policies. SR (with random R), exotic
 * formats and near-tie patterns of every binade are swept more sparsely. Calls use odd offsets and
 * lengths that are not multiples of any block or vector size, and bytes around the range must stay.
 * The specs run in parallel (about 25 s on two cores).
 */
class QuantizerArrayPathTest {

    /** A prime: no block (4096) or vector size divides it, so every call ends with a partial block. */
    private static final int CHUNK = 65_537;
    private static final int SRC_OFFSET = 3;
    private static final int DST_OFFSET = 5;
    private static final byte GUARD = 0x5A;

    /** A sweep of {@code count} FP32 patterns start, start + stride, ... (mod 2^32). */
    private record Sweep(long start, long count, long stride) {
        int bits(long k) {
            return (int) (start + k * stride);
        }
    }

    private static final List<Sweep> DENSE = List.of(
            new Sweep(0, 1L << 24, 1),                                  // +0, FP32 subnormals, tiny normals
            new Sweep(0x3F00_0000L, 0x4000_0000L - 0x3F00_0000L, 1),    // [0.5, 2): every mantissa, two binades
            new Sweep(0, ((1L << 32) + 126) / 127, 127));               // all 2^32, stride 127 (both signs, NaNs, Infs)

    @Test
    void arrayPathEqualsTheConverterOnDenseSweeps() {
        List<QuantSpec> specs = new ArrayList<>();
        for (FloatFormat f : FloatFormat.builtIn8Bit()) {
            for (Rounding r : List.of(Rounding.RNE, Rounding.RZ)) {
                addAllPolicies(specs, f, r, QuantSpec.DEFAULT_SR_BITS);
            }
        }
        assertAllMatch(specs, DENSE, true);
    }

    @Test
    void srArrayPathEqualsTheConverter() {
        List<QuantSpec> specs = new ArrayList<>();
        for (FloatFormat f : FloatFormat.builtIn8Bit()) {
            for (int r : new int[] {1, 8, 24, 31}) {        // 24 > the dropped bits of e4m3; 31 falls back
                addAllPolicies(specs, f, Rounding.SR, r);
            }
        }
        assertAllMatch(specs, List.of(new Sweep(0x1234, ((1L << 32) + 4092) / 4093, 4093)), true);
    }

    /**
     * Formats beyond the OCP four: m = 0 (ties round up to the even exponent), wide m, emin = 1, biases
     * the kernels do not take (e5m2b127, e7m0b127fn: the per-element fallback), and the largest they take
     * (e6m1b127: FP32 subnormal inputs land on the format's grid; e6m1b123 with SR).
     */
    @Test
    void exoticFormatsEqualTheConverter() {
        List<QuantSpec> specs = new ArrayList<>();
        for (String name : List.of("e4m0fn", "e7m0fnuz", "e2m5", "e3m4", "e6m1", "e3m2b0", "e5m2b127", "e7m0b127fn",
                "e6m1b123", "e6m1b127")) {
            FloatFormat f = FloatFormat.parse(name);
            addAllPolicies(specs, f, Rounding.RNE, 8);
            addAllPolicies(specs, f, Rounding.RZ, 8);
            addAllPolicies(specs, f, Rounding.SR, 8);
        }
        assertAllMatch(specs, List.of(new Sweep(0x777, ((1L << 32) + 8190) / 8191, 8191)), true);
    }

    /**
     * Near-ties of every binade: the top 8 mantissa bits (every tie of m <= 6 and its neighbours) with the
     * low 15 at 0 (the tie), 1 (just above) or all ones (just below the next).
     */
    @Test
    void nearTiesOfEveryBinadeEqualTheConverter() {
        int[] lows = {0, 1, 0x7FFF};
        int[] patterns = new int[2 * 256 * 256 * lows.length];
        int n = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int field = 0; field < 256; field++) {
                for (int top = 0; top < 256; top++) {
                    for (int low : lows) {
                        patterns[n++] = sign << 31 | field << 23 | top << 15 | low;
                    }
                }
            }
        }
        List<QuantSpec> specs = new ArrayList<>();
        for (String name : List.of("e5m2", "e4m3", "e5m2fnuz", "e4m3fnuz", "e4m0fn", "e2m5", "e3m2b0", "e7m0b127fn")) {
            for (Rounding r : Rounding.values()) {
                addAllPolicies(specs, FloatFormat.parse(name), r, 8);
            }
        }
        List<String> failures = specs.parallelStream()
                .map(spec -> check(spec, patterns.length, k -> patterns[(int) k], true))
                .filter(Objects::nonNull)
                .toList();
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    private static void addAllPolicies(List<QuantSpec> specs, FloatFormat f, Rounding r, int srBits) {
        for (Overflow o : Overflow.values()) {
            for (NanPolicy p : NanPolicy.values()) {
                specs.add(new QuantSpec(f, r, o, srBits, p));
            }
        }
    }

    private static void assertAllMatch(List<QuantSpec> specs, List<Sweep> sweeps, boolean alsoScalar) {
        List<String> failures = specs.parallelStream()
                .flatMap(spec -> sweeps.stream().map(s -> check(spec, s.count(), s::bits, alsoScalar)))
                .filter(Objects::nonNull)
                .toList();
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    private interface Patterns {
        int bits(long k);
    }

    /**
     * Converts patterns 0..count-1 through the array path in calls of about {@link #CHUNK} elements
     * (lengths vary by call) and compares every code with the Converter's (and, if asked, with the
     * per-element {@link Quantizer#quantize(int, int)}).
     *
     * @return null, or a description of the first mismatches
     */
    private static String check(QuantSpec spec, long count, Patterns patterns, boolean alsoScalar) {
        Quantizer q = new Quantizer(spec);
        FloatFormat f = spec.format();
        boolean sr = spec.rounding() == Rounding.SR;
        int rMax = spec.srBits() == 31 ? Integer.MAX_VALUE : (1 << spec.srBits()) - 1;
        SplittableRandom random = new SplittableRandom(spec.toString().hashCode());
        float[] src = new float[CHUNK + SRC_OFFSET + 1];
        int[] rnd = new int[CHUNK + SRC_OFFSET + 1];
        byte[] dst = new byte[CHUNK + DST_OFFSET + 2];
        List<String> wrong = new ArrayList<>();
        long mismatches = 0;
        int call = 0;
        for (long done = 0; done < count; call++) {
            int len = (int) Math.min(CHUNK - call % 67, count - done);
            for (int i = 0; i < len; i++) {
                src[SRC_OFFSET + i] = Float.intBitsToFloat(patterns.bits(done + i));
                if (sr) {
                    // R: the extremes now and then, otherwise uniform in [0, 2^r)
                    int pick = i & 15;
                    rnd[SRC_OFFSET + i] = pick == 0 ? 0 : pick == 1 ? rMax : (int) random.nextLong(rMax + 1L);
                }
            }
            Arrays.fill(dst, GUARD);
            if (sr) {
                q.quantize(src, SRC_OFFSET, rnd, SRC_OFFSET, dst, DST_OFFSET, len);
            } else {
                q.quantize(src, SRC_OFFSET, dst, DST_OFFSET, len);
            }
            for (int i = 0; i < len; i++) {
                int bits = Float.floatToRawIntBits(src[SRC_OFFSET + i]);   // what the array path read
                int r = sr ? rnd[SRC_OFFSET + i] : 0;
                int want = Converter.code(Converter.f32ToFormat(
                        new QuantSpec(f, spec.rounding(), spec.overflow(), spec.srBits(), spec.nanPolicy()), r, bits));
                int got = dst[DST_OFFSET + i] & 0xFF;
                int scalar = alsoScalar ? q.quantize(bits, r) : want;
                if (got != want || scalar != want) {
                    if (mismatches++ < 5) {
                        wrong.add(String.format("  FP32 0x%08X R=%d: array 0x%02X, per-element 0x%02X, converter 0x%02X (len %d)",
                                bits, r, got, scalar, want, len));
                    }
                }
            }
            for (int i = 0; i < dst.length; i++) {
                if ((i < DST_OFFSET || i >= DST_OFFSET + len) && dst[i] != GUARD) {
                    wrong.add("  byte " + i + " outside the range [" + DST_OFFSET + ", " + (DST_OFFSET + len) + ") was written");
                    mismatches++;
                    break;
                }
            }
            done += len;
        }
        return mismatches == 0 ? null : spec + ": " + mismatches + " mismatches\n" + String.join("\n", wrong);
    }
}
