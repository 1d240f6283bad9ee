package io.github.fp8sim.datapath.round;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the modelled random sources in the loop, SR is unbiased: over n draws the mean of the rounded
 * values is within 6 sigma of the exact expectation lo + q * F / 2^r (F the top r discarded bits),
 * sigma = q * sqrt(p (1 - p) / n) with p = F / 2^r. Seeds are fixed, so the outcome is deterministic.
 */
class StochasticRounderStatisticsTest {

    static Stream<Arguments> cases() {
        return Stream.of(RandomKind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, FloatFormat.E5M2, 1.0f / 3, 8),
                Arguments.of(kind, FloatFormat.E5M2, 1000.7f, 8),
                Arguments.of(kind, FloatFormat.E4M3, -0.0123f, 8),
                Arguments.of(kind, FloatFormat.E5M2, 3e-6f, 16),     // a subnormal result in e5m2
                Arguments.of(kind, FloatFormat.FP16, 0.1f, 13)));    // the master-weight update's r
    }

    @ParameterizedTest(name = "{0} {1} x={2} r={3}")
    @MethodSource("cases")
    void theMeanOfManySrDrawsIsTheValueWithinSixSigma(RandomKind kind, FloatFormat f, float x, int r) {
        int n = 1 << 18;
        QuantSpec spec = QuantSpec.of(f, Rounding.SR, Overflow.SATURATE).withSrBits(r);
        StochasticRounder sr = new StochasticRounder(spec, RandomSource.create(kind, 42, 16));
        Quantizer rz = new Quantizer(spec.withRounding(Rounding.RZ));
        int bits = Float.floatToRawIntBits(x);
        int loCode = rz.quantize(bits, 0);                          // the neighbour toward zero
        double mag = Math.abs(f.decode(loCode));
        double q = Math.abs(f.decode(loCode + 1)) - mag;            // codes grow with magnitude: the next one away from zero
        double fraction = (Math.abs((double) x) - mag) / q;
        double p = Math.floor(fraction * (1L << r)) / (1L << r);  // P(up) for r random bits
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += f.decode(sr.round(bits, i % 16, i));
        }
        double mean = Math.abs(sum / n);
        double expected = mag + q * p;
        double sigma = q * Math.sqrt(p * (1 - p) / n);
        assertTrue(Math.abs(mean - expected) <= 6 * sigma + 1e-12 * expected,
                () -> kind + " " + f + " x=" + x + ": mean " + mean + ", expected " + expected + " +- 6 x " + sigma);
        assertTrue(p > 0 && p < 1, "the case exercises both neighbours");
    }
}
