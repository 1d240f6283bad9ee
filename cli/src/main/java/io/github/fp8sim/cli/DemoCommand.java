package io.github.fp8sim.cli;

import java.util.List;
import java.util.Locale;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.datapath.stats.ErrorStats;
import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.runtime.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fp8sim demo}: the built-in default job. A gradient-like tensor (magnitudes log-uniform over
 * many binades, as weight gradients are; Mellempudi et al. 2019, section 3) goes through each FP8
 * format and rounding mode on the modelled conversion unit, and the table shows why the paper keeps
 * gradients in E5M2 with stochastic rounding: range (values lost to zero) and bias (error of a sum).
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Quantizes a built-in gradient-like tensor with each FP8 format and rounding and "
                + "prints SQNR, the bias of the sum, and the values lost to zero or clamped.")
public final class DemoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = Defaults.DEMO_COUNT, paramLabel = "N",
            description = "Tensor elements (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S",
            description = "Seed of the tensor and of the SR random source (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-exp", defaultValue = Defaults.DEMO_MIN_EXP, paramLabel = "E",
            description = "Smallest magnitude is 2^E (default: ${DEFAULT-VALUE}).")
    int minExp;

    @Option(names = "--max-exp", defaultValue = Defaults.DEMO_MAX_EXP, paramLabel = "E",
            description = "Largest magnitude is 2^E (default: ${DEFAULT-VALUE}).")
    int maxExp;

    @Override
    public void run() {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new ParameterException(spec.commandLine(), "--count must be at most " + (Integer.MAX_VALUE - 8)
                    + " (the tensor is one Java array), got " + count);
        }
        if (minExp >= maxExp || minExp < -149 || maxExp > 127) {
            throw new ParameterException(spec.commandLine(),
                    "need -149 <= --min-exp < --max-exp <= 127, got " + minExp + " and " + maxExp);
        }
        HeapBudget.check("demo --count " + count, heapBytes(count));
        float[] tensor = gradientLike(count, seed, minExp, maxExp);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "fp8sim demo: %d gradient-like values, |x| log-uniform in [2^%d, 2^%d), all positive, seed %d%n",
                count, minExp, maxExp, seed);
        out.printf(Locale.ROOT, "SR draws %d random bits per rounding from a %d-lane LFSR bank (32-bit Galois, taps 32,22,2,1).%n%n",
                QuantSpec.DEFAULT_SR_BITS, Integer.parseInt(Defaults.LANES));
        TextTable table = new TextTable("format", "rounding", "SQNR dB", "bias of sum", "max rel err",
                "lost to zero", "saturated");
        Progress.Task task = CliProgress.on(spec.commandLine().getErr(), "demo").task("formats", 2L * Rounding.values().length + 2);
        for (FloatFormat format : List.of(FloatFormat.E5M2, FloatFormat.E4M3)) {
            for (Rounding rounding : Rounding.values()) {
                ErrorStats stats = measure(tensor, QuantSpec.of(format, rounding, Overflow.SATURATE));
                task.step(1);
                table.row(format.name(), rounding.cliName(),
                        String.format(Locale.ROOT, "%.2f", stats.sqnrDb()),
                        String.format(Locale.ROOT, "%+.3f%%", 100 * stats.relativeBiasOfSum()),
                        String.format(Locale.ROOT, "%.3f", stats.maxRelativeError()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * stats.flushedToZeroFraction()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * stats.saturatedFraction()));
            }
        }
        for (FloatFormat format : List.of(FloatFormat.FP16, FloatFormat.BF16)) {
            ErrorStats stats = measure(tensor, QuantSpec.of(format, Rounding.RNE, Overflow.SATURATE));
            task.step(1);
            table.row(format.name(), "rne", String.format(Locale.ROOT, "%.2f", stats.sqnrDb()),
                    String.format(Locale.ROOT, "%+.3f%%", 100 * stats.relativeBiasOfSum()),
                    String.format(Locale.ROOT, "%.3f", stats.maxRelativeError()),
                    String.format(Locale.ROOT, "%.2f%%", 100 * stats.flushedToZeroFraction()),
                    String.format(Locale.ROOT, "%.2f%%", 100 * stats.saturatedFraction()));
        }
        task.close();
        table.print(out);
        out.println();
        out.println("bias of sum = (sum q - sum x) / sum |x|; lost to zero = non-zero inputs that became 0.");
        out.flush();
    }

    /** The heap a demo of {@code count} values holds: the tensor, as floats (the statistics are a few sums). */
    static long heapBytes(int count) {
        return 4L * count;
    }

    private ErrorStats measure(float[] tensor, QuantSpec quantSpec) {
        Quantizer quantizer = new Quantizer(quantSpec);
        RandomSource source = RandomSource.create(RandomKind.LFSR, seed, Integer.parseInt(Defaults.LANES));
        int lanes = source.lanes();
        ErrorStats stats = new ErrorStats();
        for (int i = 0; i < tensor.length; i++) {
            int bits = Float.floatToRawIntBits(tensor[i]);
            int random = quantSpec.rounding() == Rounding.SR ? source.nextBits(i % lanes, i, quantSpec.srBits()) : 0;
            long result = quantizer.quantizeWithFlags(bits, random);   // code and flags in one conversion
            stats.add(tensor[i], quantSpec.format().decode(Converter.code(result)));
            if ((Converter.flags(result) & FpFlags.SATURATED) != 0) {
                stats.addSaturated();
            }
        }
        return stats;
    }

    /** Positive values 2^u with u uniform in [minExp, maxExp), from SplitMix64: the same on every machine. */
    static float[] gradientLike(int n, long seed, int minExp, int maxExp) {
        float[] x = new float[n];
        long state = seed;
        for (int i = 0; i < n; i++) {
            state += SplitMix64.GOLDEN_GAMMA;
            double u = (SplitMix64.mix(state) >>> 11) * 0x1.0p-53;   // uniform in [0, 1), 53 bits
            x[i] = (float) Math.pow(2, minExp + u * (maxExp - minExp));
        }
        return x;
    }
}
