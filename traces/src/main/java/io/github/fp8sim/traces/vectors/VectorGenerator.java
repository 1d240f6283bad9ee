package io.github.fp8sim.traces.vectors;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.random.GaloisLfsr;
import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.fp8sim.runtime.progress.Progress;

/**
 * Generates golden vectors: the edge cases of a unit first, then seeded random cases until the requested
 * count. Expected values come from the datapath (Converter, ReferenceGemm). Deterministic: the random
 * cases come from a SplitMix64 stream of the seed, the sr unit's random bits from lane 0 of an
 * {@link LfsrBank} of the seed.
 */
public final class VectorGenerator {

    private static final List<String> COMMON = List.of("version", "unit", "id", "kind");

    private final VectorSpec spec;
    private final Progress progress;
    private long rngState;

    private VectorGenerator(VectorSpec spec, Progress progress) {
        this.progress = progress;
        this.spec = spec;
        this.rngState = spec.seed();
    }

    /** Generates the table for {@code spec}. */
    public static VectorTable generate(VectorSpec spec) {
        return generate(spec, Progress.NONE);
    }

    /** Generates the table for {@code spec}, counting its rows on {@code progress}. */
    public static VectorTable generate(VectorSpec spec, Progress progress) {
        return new VectorGenerator(spec, progress).run();
    }

    /** Heap a table row holds beyond its CSV text: its cell strings and lists, and its case before it is a row. */
    static final long ROW_OVERHEAD = 200;
    /** Heap per character of a row's CSV text: the cell strings, their copies, and the CSV text itself. */
    static final long BYTES_PER_CHAR = 5;

    /**
     * The heap {@link #generate} holds at its peak, in bytes: the rows of {@code spec.count()}, each
     * estimated from the average CSV length of a sample generated first (at most 64 rows past the edge
     * cases), as {@value #ROW_OVERHEAD} bytes plus {@value #BYTES_PER_CHAR} a character (measured on the
     * units: 620 to 860 bytes a row of quantize, sr, mac and dot).
     */
    public static long heapBytes(VectorSpec spec) {
        VectorSpec sample = new VectorSpec(spec.unit(), spec.format(), spec.formatB(), spec.rounding(), spec.overflow(),
                spec.nanPolicy(), spec.srBits(), Math.min(spec.count(), 64), spec.seed(), spec.k(), spec.dataflow(),
                spec.tileRows(), spec.arrayCols());
        VectorTable t = generate(sample);
        long rows = Math.max(spec.count(), t.rows().size());
        long chars = t.toCsv().length();
        double perRow = t.rows().isEmpty() ? 0 : (double) chars / t.rows().size();
        return (long) Math.min(Long.MAX_VALUE / 2.0, rows * (ROW_OVERHEAD + BYTES_PER_CHAR * perRow));
    }

    /** The header of a unit's files. */
    public static List<String> header(VectorUnit unit) {
        List<String> h = new ArrayList<>(COMMON);
        switch (unit) {
            case QUANTIZE -> h.addAll(List.of("f32_hex", "format", "rounding", "overflow", "nan_policy", "code_hex", "flags"));
            case SR -> h.addAll(List.of("f32_hex", "format", "rounding", "overflow", "nan_policy", "sr_bits",
                    "lfsr_state_before", "random", "code_hex", "flags"));
            case MAC -> h.addAll(List.of("a_format", "b_format", "a_hex", "b_hex", "acc_hex", "result_hex"));
            case DOT -> h.addAll(List.of("a_format", "b_format", "k", "order", "a_hex", "b_hex", "acc_hex", "result_hex"));
            case TILE -> h.addAll(List.of("a_format", "b_format", "m", "k", "n", "dataflow", "array_rows", "array_cols",
                    "preload", "a_hex", "b_hex", "c_hex", "result_hex", "compute_cycles"));
        }
        return List.copyOf(h);
    }

    private long nextLong() {
        rngState += SplitMix64.GOLDEN_GAMMA;
        return SplitMix64.mix(rngState);
    }

    private int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    private VectorTable run() {
        try (Progress.Task task = progress.task(spec.unit().cliName() + " vectors", spec.count())) {
            return run(task);
        }
    }

    private VectorTable run(Progress.Task task) {
        List<List<String>> rows = new ArrayList<>();
        int edges;
        switch (spec.unit()) {
            case QUANTIZE, SR -> {
                List<Integer> inputs = new ArrayList<>(edgeF32(spec.format()));
                edges = inputs.size();
                while (inputs.size() < spec.count()) {
                    inputs.add(randomF32(spec.format()));
                }
                LfsrBank lfsr = new LfsrBank(1, spec.seed());
                for (int i = 0; i < inputs.size(); i++) {
                    rows.add(conversionRow(i, i < edges, inputs.get(i), lfsr));
                    task.step(1);
                }
            }
            case MAC -> {
                List<int[]> cases = edgeMac();
                edges = cases.size();
                while (cases.size() < spec.count()) {
                    cases.add(new int[] {randomCode(spec.format()), randomCode(spec.formatB()), randomAcc()});
                }
                for (int i = 0; i < cases.size(); i++) {
                    int[] c = cases.get(i);
                    rows.add(macRow(i, i < edges, c[0], c[1], c[2]));
                    task.step(1);
                }
            }
            case DOT -> {
                List<DotCase> cases = edgeDot();
                edges = cases.size();
                while (cases.size() < spec.count()) {
                    int k = spec.k();
                    int[] a = new int[k];
                    int[] b = new int[k];
                    for (int i = 0; i < k; i++) {
                        a[i] = randomFiniteCode(spec.format());
                        b[i] = randomFiniteCode(spec.formatB());
                    }
                    cases.add(new DotCase(a, b, nextInt(4) == 0 ? 0 : randomAcc()));
                }
                for (int i = 0; i < cases.size(); i++) {
                    rows.add(dotRow(i, i < edges, cases.get(i)));
                    task.step(1);
                }
            }
            case TILE -> {
                List<TileCase> cases = edgeTiles();
                edges = cases.size();
                int r = spec.tileRows();
                int c = spec.arrayCols();
                while (cases.size() < spec.count()) {
                    int m = 1 + nextInt(2 * c + 1);
                    int n = 1 + nextInt(2 * c + 1);
                    int k = 1 + nextInt(spec.k());
                    if (spec.dataflow() == ArrayDataflow.OS) {
                        m = 1 + nextInt(2 * r + 1);
                    }
                    int[] a = new int[m * k];
                    int[] b = new int[k * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = randomFiniteCode(spec.format());
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = randomFiniteCode(spec.formatB());
                    }
                    int[] acc = null;
                    if (nextInt(2) == 0) {
                        acc = new int[m * n];
                        for (int i = 0; i < acc.length; i++) {
                            acc[i] = randomAcc();
                        }
                    }
                    cases.add(new TileCase(m, k, n, a, b, acc));
                }
                for (int i = 0; i < cases.size(); i++) {
                    rows.add(tileRow(i, i < edges, cases.get(i)));
                    task.step(1);
                }
            }
            default -> throw new IllegalStateException();
        }
        return new VectorTable(spec.unit(), header(spec.unit()), rows, edges);
    }

    // ---- rows -------------------------------------------------------------------------------------

    private List<String> common(int id, boolean edge) {
        return new ArrayList<>(List.of(VectorSpec.VERSION, spec.unit().cliName(), Integer.toString(id), edge ? "edge" : "random"));
    }

    private List<String> conversionRow(int id, boolean edge, int f32, LfsrBank lfsr) {
        QuantSpec q = spec.quantSpec();
        List<String> row = common(id, edge);
        row.addAll(List.of(f32Hex(f32), q.format().name(), q.rounding().cliName(), q.overflow().cliName(),
                q.nanPolicy().cliName()));
        int random = 0;
        if (spec.unit() == VectorUnit.SR) {
            long before = lfsr.laneState(0);
            random = lfsr.nextBits(0, id, q.srBits());
            row.addAll(List.of(Integer.toString(q.srBits()), f32Hex((int) before), hex(random, q.srBits())));
        }
        long r = Converter.f32ToFormat(q, random, f32);
        row.add(q.format().formatCode(Converter.code(r)));
        row.add(FpFlags.describe(Converter.flags(r)));
        return row;
    }

    private List<String> macRow(int id, boolean edge, int a, int b, int acc) {
        List<String> row = common(id, edge);
        FloatFormat fa = spec.format();
        FloatFormat fb = spec.formatB();
        float[] c = {Float.intBitsToFloat(acc)};
        ReferenceGemm.gemm(new ArrayShape(1, 1), ArrayDataflow.OS, Accumulation.FP32, new GemmCall(
                new CodeMatrix(new byte[] {(byte) a}, 0, 1, fa), new CodeMatrix(new byte[] {(byte) b}, 0, 1, fb),
                new Fp32Matrix(c, 0, 1), 1, 1, 1, true));
        row.addAll(List.of(fa.name(), fb.name(), fa.formatCode(a), fb.formatCode(b), f32Hex(acc),
                f32Hex(Float.floatToRawIntBits(c[0]))));
        return row;
    }

    private List<String> dotRow(int id, boolean edge, DotCase d) {
        List<String> row = common(id, edge);
        FloatFormat fa = spec.format();
        FloatFormat fb = spec.formatB();
        int k = d.a.length;
        byte[] a = new byte[k];
        byte[] b = new byte[k];
        List<String> as = new ArrayList<>();
        List<String> bs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            a[i] = (byte) d.a[i];
            b[i] = (byte) d.b[i];
            as.add(fa.formatCode(d.a[i]));
            bs.add(fb.formatCode(d.b[i]));
        }
        float[] c = {Float.intBitsToFloat(d.acc)};
        int r = spec.tileRows();
        ReferenceGemm.gemm(new ArrayShape(r, r), spec.dataflow(), Accumulation.FP32, new GemmCall(
                new CodeMatrix(a, 0, k, fa), new CodeMatrix(b, 0, 1, fb),
                new Fp32Matrix(c, 0, 1), 1, 1, k, true));
        row.addAll(List.of(fa.name(), fb.name(), Integer.toString(k), spec.orderName(), String.join(" ", as),
                String.join(" ", bs), f32Hex(d.acc), f32Hex(Float.floatToRawIntBits(c[0]))));
        return row;
    }

    private List<String> tileRow(int id, boolean edge, TileCase t) {
        List<String> row = common(id, edge);
        FloatFormat fa = spec.format();
        FloatFormat fb = spec.formatB();
        byte[] a = new byte[t.a.length];
        byte[] b = new byte[t.b.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) t.a[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) t.b[i];
        }
        float[] c = new float[t.m * t.n];
        if (t.acc != null) {
            for (int i = 0; i < c.length; i++) {
                c[i] = Float.intBitsToFloat(t.acc[i]);
            }
        }
        ArrayShape shape = new ArrayShape(spec.tileRows(), spec.arrayCols());
        ReferenceGemm.gemm(shape, spec.dataflow(), Accumulation.FP32, new GemmCall(
                new CodeMatrix(a, 0, t.k, fa), new CodeMatrix(b, 0, t.n, fb),
                new Fp32Matrix(c, 0, t.n), t.m, t.n, t.k, t.acc != null));
        List<String> out = new ArrayList<>();
        for (float x : c) {
            out.add(f32Hex(Float.floatToRawIntBits(x)));
        }
        List<String> acc = new ArrayList<>();
        if (t.acc != null) {
            for (int x : t.acc) {
                acc.add(f32Hex(x));
            }
        }
        row.addAll(List.of(fa.name(), fb.name(), Integer.toString(t.m), Integer.toString(t.k), Integer.toString(t.n),
                spec.dataflow().cliName(), Integer.toString(spec.tileRows()), Integer.toString(spec.arrayCols()),
                t.acc != null ? "1" : "0", codes(fa, t.a), codes(fb, t.b), String.join(" ", acc), String.join(" ", out),
                Long.toString(io.github.fp8sim.datapath.mac.FoldModel.computeCycles(spec.dataflow(), shape, t.m, t.n, t.k))));
        return row;
    }

    private static String codes(FloatFormat f, int[] codes) {
        List<String> out = new ArrayList<>();
        for (int c : codes) {
            out.add(f.formatCode(c));
        }
        return String.join(" ", out);
    }

    private record TileCase(int m, int k, int n, int[] a, int[] b, int[] acc) {
    }

    private List<TileCase> edgeTiles() {
        FloatFormat fa = spec.format();
        FloatFormat fb = spec.formatB();
        int r = spec.tileRows();
        int c = spec.arrayCols();
        int oneA = findOne(fa);
        int oneB = findOne(fb);
        List<TileCase> out = new ArrayList<>();
        // 1 x 1 x 1, and one past the array in every dimension (extra folds, a short last K tile).
        out.add(new TileCase(1, 1, 1, new int[] {oneA}, new int[] {oneB}, null));
        int m = Math.max(r, c) + 1;
        int k = r + 1;
        int n = c + 1;
        out.add(new TileCase(m, k, n, filled(m * k, oneA), filled(k * n, oneB), null));
        // Preloaded accumulators: 2^24 (ones lost in os, kept in tile sums) and -0 with -0 products.
        int[] big = filled(m * n, 0x4B80_0000);
        out.add(new TileCase(m, k, n, filled(m * k, oneA), filled(k * n, oneB), big));
        if (fa.hasNegativeZero()) {
            out.add(new TileCase(m, k, n, filled(m * k, fa.signMask()), filled(k * n, oneB), filled(m * n, 0x8000_0000)));
        }
        // A NaN in A poisons its output row only.
        int[] nan = filled(m * k, oneA);
        nan[k] = fa.nanCode(io.github.fp8sim.datapath.format.NanPolicy.MLDTYPES, false);
        out.add(new TileCase(m, k, n, nan, filled(k * n, oneB), null));
        return out;
    }

    // ---- edge cases -------------------------------------------------------------------------------

    /** FP32 inputs that exercise a conversion to {@code f}: specials, boundary codes, midpoints and their neighbours. */
    static List<Integer> edgeF32(FloatFormat f) {
        Set<Integer> out = new LinkedHashSet<>();
        for (int sign : new int[] {0, 0x8000_0000}) {
            out.add(sign);                                    // zeros
            out.add(sign | 0x7F80_0000);                      // Inf
            out.add(sign | 0x0000_0001);                      // FP32 min subnormal
            out.add(sign | 0x7F7F_FFFF);                      // FP32 max finite
        }
        out.add(0x7FC0_0000);                                 // quiet NaNs
        out.add(0xFFC0_0000);
        out.add(0x7FFF_FFFF);
        out.add(0x7F80_0001);                                 // signaling NaNs
        out.add(0xFFA0_0000);
        int minNormal = f.minNormalCode();
        int maxFinite = f.maxFiniteCode();
        List<Integer> codes = new ArrayList<>();
        if (f.totalBits() <= 8) {
            for (int c = 0; c <= maxFinite; c++) {
                codes.add(c);
            }
        } else {
            for (int c : new int[] {0, 1, 2, minNormal - 2, minNormal - 1, minNormal, minNormal + 1, maxFinite - 1, maxFinite}) {
                if (c >= 0 && c <= maxFinite && !codes.contains(c)) {
                    codes.add(c);
                }
            }
        }
        for (boolean negative : new boolean[] {false, true}) {
            // Every listed code's own value, then the midpoint to the next code and its FP32 neighbours.
            for (int i = 0; i < codes.size(); i++) {
                int c = codes.get(i);
                addValue(out, f.decode(c), negative);
                if (c < maxFinite && (i + 1 < codes.size() && codes.get(i + 1) == c + 1)) {
                    double mid = ((double) f.decode(c) + f.decode(c + 1)) / 2;
                    addWithNeighbours(out, mid, negative);
                }
            }
            // Overflow threshold: midway between max finite and the next grid value (no exponent limit).
            double max = f.maxFinite();
            double ulp = Math.scalb(1.0, Math.getExponent(max) - f.manBits());
            addWithNeighbours(out, max + ulp / 2, negative);
            addWithNeighbours(out, max + ulp, negative);
            // Underflow: half the min subnormal, and just above it.
            addWithNeighbours(out, f.minSubnormal() / 2, negative);
        }
        return new ArrayList<>(out);
    }

    private static void addValue(Set<Integer> out, double v, boolean negative) {
        float x = (float) v;
        if ((double) x == v && !Float.isInfinite(x)) {
            out.add(Float.floatToRawIntBits(negative ? -x : x));
        }
    }

    private static void addWithNeighbours(Set<Integer> out, double v, boolean negative) {
        float x = (float) v;
        if ((double) x != v || Float.isInfinite(x)) {
            return;                                           // not an FP32 value: nothing to test here
        }
        for (float y : new float[] {x, Math.nextDown(x), Math.nextUp(x)}) {
            if (y > 0 && !Float.isInfinite(y)) {
                out.add(Float.floatToRawIntBits(negative ? -y : y));
            }
        }
    }

    /** Interesting codes of an 8-bit format: zeros, boundaries, one, max finite, Inf and NaN where they exist. */
    static List<Integer> specialCodes(FloatFormat f) {
        Set<Integer> out = new LinkedHashSet<>();
        int one = findOne(f);
        for (int c : new int[] {0, 1, f.minNormalCode() - 1, f.minNormalCode(), one, f.maxFiniteCode()}) {
            out.add(c);
            if (f.hasNegativeZero()) {
                out.add(c | f.signMask());
            }
        }
        if (f.hasInfinity()) {
            out.add(f.infinityCode());
            out.add(f.infinityCode() | f.signMask());
        }
        out.add(f.nanCode(io.github.fp8sim.datapath.format.NanPolicy.MLDTYPES, false));
        return new ArrayList<>(out);
    }

    private List<int[]> edgeMac() {
        List<int[]> out = new ArrayList<>();
        List<Integer> sa = specialCodes(spec.format());
        List<Integer> sb = specialCodes(spec.formatB());
        for (int a : sa) {
            for (int b : sb) {
                out.add(new int[] {a, b, 0});
            }
        }
        int oneA = findOne(spec.format());
        int oneB = findOne(spec.formatB());
        int[] accs = {0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000, 0xFF80_0000,
            0x7FC0_0000, 0x7F80_0001, 0x0000_0001, 0x4B80_0000 /* 2^24: 1 is half an ulp */, 0x4B80_0001};
        for (int acc : accs) {
            out.add(new int[] {oneA, oneB, acc});
            out.add(new int[] {oneA | spec.format().signMask(), oneB, acc});
            out.add(new int[] {0, oneB, acc});
            out.add(new int[] {spec.format().maxFiniteCode(), spec.formatB().maxFiniteCode(), acc});
        }
        return out;
    }

    private static int findOne(FloatFormat f) {
        return Converter.code(Converter.f32ToFormat(
                QuantSpec.of(f, Rounding.RNE, io.github.fp8sim.datapath.round.Overflow.SATURATE), 0, 0x3F80_0000));
    }

    private record DotCase(int[] a, int[] b, int acc) {
    }

    private List<DotCase> edgeDot() {
        FloatFormat fa = spec.format();
        FloatFormat fb = spec.formatB();
        int k = spec.k();
        int oneA = findOne(fa);
        int oneB = findOne(fb);
        int negA = fa.hasNegativeZero() ? oneA | fa.signMask() : oneA;
        List<DotCase> out = new ArrayList<>();
        // All zero products onto -0 and +0 accumulators: the sign of an exact zero sum.
        int[] zeros = new int[k];
        int[] ones = filled(k, oneB);
        out.add(new DotCase(zeros, ones, 0x8000_0000));
        out.add(new DotCase(zeros, ones, 0));
        // Negative-zero products onto -0: -0 in sequential order, +0 when a tile sum starts from +0.
        if (fa.hasNegativeZero()) {
            out.add(new DotCase(filled(k, fa.signMask()), ones, 0x8000_0000));
        }
        // Large cancellation: +max*max first, then -max*max, then ones; the order decides the result.
        int[] a = filled(k, oneA);
        int[] b = filled(k, oneB);
        a[0] = fa.maxFiniteCode();
        b[0] = fb.maxFiniteCode();
        if (k > 1) {
            a[k - 1] = fa.hasNegativeZero() ? fa.maxFiniteCode() | fa.signMask() : fa.maxFiniteCode();
            b[k - 1] = fb.maxFiniteCode();
        }
        out.add(new DotCase(a, b, 0));
        // Small products onto a large accumulator: lost in sequential order, kept in tiles.
        out.add(new DotCase(filled(k, oneA), filled(k, oneB), 0x4B80_0000));
        out.add(new DotCase(filled(k, negA), filled(k, oneB), 0x4B80_0000));
        // A NaN operand, and Inf - Inf where the format has Inf.
        int[] withNaN = filled(k, oneA);
        withNaN[k / 2] = fa.nanCode(io.github.fp8sim.datapath.format.NanPolicy.MLDTYPES, false);
        out.add(new DotCase(withNaN, filled(k, oneB), 0));
        if (fa.hasInfinity()) {
            int[] inf = filled(k, oneA);
            inf[0] = fa.infinityCode();
            out.add(new DotCase(inf, filled(k, oneB), 0xFF80_0000));
        }
        // A NaN accumulator.
        out.add(new DotCase(filled(k, oneA), filled(k, oneB), 0x7F80_0001));
        return out;
    }

    private static int[] filled(int k, int v) {
        int[] x = new int[k];
        java.util.Arrays.fill(x, v);
        return x;
    }

    // ---- random cases -----------------------------------------------------------------------------

    /** A random FP32 value around the format's range (1 in 16 fully random bits). */
    private int randomF32(FloatFormat f) {
        long r = nextLong();
        int sign = (int) (r >>> 63) << 31;
        if (nextInt(16) == 0) {
            return (int) nextLong();
        }
        int lo = Math.max(1, 127 + f.minExponent() - f.manBits() - 2);
        int hi = Math.min(254, 127 + Math.getExponent(f.maxFinite()) + 2);
        int field = lo + nextInt(hi - lo + 1);
        int man = (int) (nextLong() & 0x7F_FFFF);
        if (nextInt(4) == 0) {
            man &= ~((1 << (23 - Math.min(23, f.manBits() + 2))) - 1);   // few bits: ties and exact values
        }
        return sign | field << 23 | man;
    }

    private int randomCode(FloatFormat f) {
        return (int) (nextLong() & (f.codeCount() - 1));
    }

    private int randomFiniteCode(FloatFormat f) {
        while (true) {
            int c = randomCode(f);
            if (!f.isNaN(c) && !f.isInfinite(c)) {
                return c;
            }
        }
    }

    /** A random FP32 accumulator, its magnitude near the products of 8-bit values. */
    private int randomAcc() {
        int sign = (int) (nextLong() >>> 63) << 31;
        int field = 127 - 40 + nextInt(72);
        return sign | field << 23 | (int) (nextLong() & 0x7F_FFFF);
    }

    // ---- formatting -------------------------------------------------------------------------------

    /** FP32 bits as {@code 0x} and 8 upper-case hex digits. */
    public static String f32Hex(int bits) {
        return String.format(Locale.ROOT, "0x%08X", bits);
    }

    /** An r-bit value as {@code 0x} and ceil(r/4) upper-case hex digits. */
    public static String hex(int value, int bits) {
        int digits = Math.max(1, (bits + 3) / 4);
        String h = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return "0x" + "0".repeat(Math.max(0, digits - h.length())) + h;
    }
}
