package io.github.fp8sim.workloads.weights;

import java.nio.charset.StandardCharsets;

import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.workloads.graph.Init;

/**
 * Deterministic initial values for one tensor, drawn from a SplitMix64 stream keyed by (seed, tensor
 * name). Each tensor's values depend only on the seed, its name, its size and its {@link Init}: not on
 * other tensors, the order they are made in, or the thread. The exact recipe below is a reproducibility
 * contract (a seeded run is identical across machines and versions): change it only with a note.
 *
 * <ol>
 *   <li>{@code key = fnv1a64(UTF-8 bytes of the name)} (FNV-1a, offset 0xCBF29CE484222325, prime 0x100000001B3).</li>
 *   <li>{@code start = seed ^ SplitMix64.mix(key)}; draw {@code k} (k = 0, 1, ...) is
 *       {@code SplitMix64.mix(start + (k + 1) * 0x9E3779B97F4A7C15)}: splitmix64.c's generator from state {@code start}.</li>
 *   <li>A uniform double in [0, 1) is the top 53 bits of a draw times 2^-53.</li>
 *   <li>Uniform on [-a, a]: {@code a * (2u - 1)}, one draw per element.</li>
 *   <li>Normal: Box-Muller on draws {@code (u1, u2)} per pair of elements: {@code r = sqrt(-2 ln(1 - u1))},
 *       elements {@code 2i} and {@code 2i+1} get {@code std * r cos(2 pi u2)} and {@code std * r sin(2 pi u2)}.
 *       {@link StrictMath} (fdlibm), not {@link Math}, so the results are the same bits on every JVM.</li>
 *   <li>Each value is computed in double and rounded to float once.</li>
 * </ol>
 */
public final class WeightInit {

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private WeightInit() {}

    /** The {@code n} initial values of tensor {@code name} under {@code init}, for run seed {@code seed}. */
    public static float[] values(long seed, String name, Init init, int n) {
        float[] out = new float[n];
        Stream s = new Stream(seed, name);
        switch (init) {
            case Init.Constant c -> java.util.Arrays.fill(out, (float) c.value());
            case Init.Uniform u -> uniform(s, u.bound(), out);
            case Init.XavierUniform x -> uniform(s, x.bound(), out);
            case Init.Normal g -> normal(s, g.std(), out);
            case Init.HeNormal h -> normal(s, h.std(), out);
        }
        return out;
    }

    private static void uniform(Stream s, double bound, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (bound * (2.0 * s.nextDouble() - 1.0));
        }
    }

    private static void normal(Stream s, double std, float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - s.nextDouble()));
            double theta = 2.0 * StrictMath.PI * s.nextDouble();
            out[i] = (float) (std * r * StrictMath.cos(theta));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (std * r * StrictMath.sin(theta));
            }
        }
    }

    /** FNV-1a 64-bit hash of the UTF-8 bytes of {@code name}. */
    static long fnv1a64(String name) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** splitmix64.c's generator started at {@code seed ^ mix(fnv1a64(name))}. */
    static final class Stream {
        private long state;

        Stream(long seed, String name) {
            this.state = seed ^ SplitMix64.mix(fnv1a64(name));
        }

        long nextLong() {
            state += SplitMix64.GOLDEN_GAMMA;
            return SplitMix64.mix(state);
        }

        /** Uniform in [0, 1) with 53 random bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
