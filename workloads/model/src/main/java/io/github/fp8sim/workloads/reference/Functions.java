package io.github.fp8sim.workloads.reference;

/**
 * Scalar functions of the elementwise ops, in {@code double} with {@link StrictMath} so each is the same bits
 * on every JVM. The executor rounds their results to {@code float} once. {@link #sigmoid} and {@link #phi} are
 * public so the backward passes ({@code io.github.fp8sim.workloads.autodiff}) differentiate the very
 * functions the forward evaluates.
 */
public final class Functions {

    private static final double SQRT_PI = StrictMath.sqrt(StrictMath.PI);
    private static final double SQRT_2_OVER_PI = StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double SQRT_HALF = StrictMath.sqrt(0.5);
    /** Where erf switches from its power series to the continued fraction of erfc. */
    private static final double SERIES_LIMIT = 3.0;
    /** Terms of the erfc continued fraction, evaluated bottom-up; ample for 1e-16 relative at z >= 3. */
    private static final int FRACTION_TERMS = 80;

    private Functions() {}

    /** {@code 1 / (1 + e^-x)}, written so neither branch overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-x));
        }
        double e = StrictMath.exp(x);
        return e / (1.0 + e);
    }

    /** GELU with the exact normal CDF: {@code x Phi(x)}. */
    static double gelu(double x) {
        return x * phi(x);
    }

    /**
     * GELU's tanh approximation, the vector unit's form (Hendrycks and Gimpel 2016 section 2):
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
     */
    static double geluTanh(double x) {
        return 0.5 * x * (1.0 + StrictMath.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    /** The standard normal CDF; the lower tail through erfc, so it keeps its relative accuracy for x far below 0. */
    public static double phi(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double z = Math.abs(x) * SQRT_HALF;
        return x >= 0 ? 1.0 - 0.5 * erfc(z) : 0.5 * erfc(z);
    }

    /** The error function. */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double z = Math.abs(x);
        double r = z < SERIES_LIMIT ? erfSeries(z) : 1.0 - erfcFraction(z);
        return Math.copySign(r, x);
    }

    /** {@code 1 - erf(z)} for {@code z >= 0}. */
    static double erfc(double z) {
        return z < SERIES_LIMIT ? 1.0 - erfSeries(z) : erfcFraction(z);
    }

    /**
     * Abramowitz and Stegun 7.1.6: {@code erf z = 2/sqrt(pi) e^(-z^2) sum_n 2^n z^(2n+1) / (1 3 5 ... (2n+1))}.
     * Every term is positive, so nothing cancels; the loop stops once a term no longer changes the sum.
     */
    private static double erfSeries(double z) {
        double z2 = 2.0 * z * z;
        double term = z;
        double sum = z;
        for (int n = 1; n < 400; n++) {
            term *= z2 / (2 * n + 1);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return 2.0 / SQRT_PI * StrictMath.exp(-z * z) * sum;
    }

    /**
     * Abramowitz and Stegun 7.1.14 (Laplace's continued fraction), for {@code z >= 3}:
     * {@code erfc z = e^(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + 2 / (z + ...)))))}.
     */
    private static double erfcFraction(double z) {
        double f = z;
        for (int n = FRACTION_TERMS; n >= 1; n--) {
            f = z + (n / 2.0) / f;
        }
        return StrictMath.exp(-z * z) / (SQRT_PI * f);
    }
}
