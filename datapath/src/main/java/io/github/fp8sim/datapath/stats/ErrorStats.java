package io.github.fp8sim.datapath.stats;

/**
 * Running error statistics of a quantized tensor against its reference: SQNR, max relative error,
 * the bias of the sum, and how many values were lost to zero or clamped. Sums are in {@code double}
 * in the order values are added, so the figures are deterministic.
 */
public final class ErrorStats {
    private long count;
    private long nonZero;
    private long flushedToZero;
    private long saturated;
    private double signalPower;
    private double noisePower;
    private double sumReference;
    private double sumActual;
    private double sumAbsReference;
    private double maxRelativeError;

    /** Adds one value: {@code reference} the exact input, {@code actual} its quantized value. */
    public void add(double reference, double actual) {
        count++;
        double error = actual - reference;
        signalPower += reference * reference;
        noisePower += error * error;
        sumReference += reference;
        sumActual += actual;
        sumAbsReference += Math.abs(reference);
        if (reference != 0) {
            nonZero++;
            if (actual == 0) {
                flushedToZero++;
            }
            maxRelativeError = Math.max(maxRelativeError, Math.abs(error / reference));
        }
    }

    /** Counts one value clamped to the format's max finite. */
    public void addSaturated() {
        saturated++;
    }

    public long count() {
        return count;
    }

    /** Signal-to-quantization-noise ratio, 10 log10(sum x^2 / sum (q - x)^2), in dB; +Inf when exact. */
    public double sqnrDb() {
        return noisePower == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signalPower / noisePower);
    }

    /** max |q - x| / |x| over non-zero x. */
    public double maxRelativeError() {
        return maxRelativeError;
    }

    /** (sum q - sum x) / sum |x|: the systematic error an accumulation of these values would carry. */
    public double relativeBiasOfSum() {
        return sumAbsReference == 0 ? 0 : (sumActual - sumReference) / sumAbsReference;
    }

    /** Share of non-zero inputs that became zero. */
    public double flushedToZeroFraction() {
        return nonZero == 0 ? 0 : (double) flushedToZero / nonZero;
    }

    /** Share of all inputs clamped to max finite. */
    public double saturatedFraction() {
        return count == 0 ? 0 : (double) saturated / count;
    }
}
