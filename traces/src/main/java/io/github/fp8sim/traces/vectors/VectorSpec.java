package io.github.fp8sim.traces.vectors;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;

import java.util.Objects;

/**
 * What to generate.
 *
 * @param unit the unit under test
 * @param format the target format (quantize, sr) or the A operand format (mac, dot)
 * @param formatB the B operand format (mac, dot); ignored otherwise
 * @param rounding rne or rz for quantize; sr is implied by unit sr
 * @param overflow overflow policy (quantize, sr)
 * @param nanPolicy NaN codes (quantize, sr)
 * @param srBits r (sr)
 * @param count total rows wanted: all edge cases, then random cases until count rows
 * @param seed seed of the random cases and of the sr unit's LFSR
 * @param k products per dot row (dot)
 * @param dataflow accumulation order of dot rows (dot)
 * @param tileRows R, the array's rows (its reduction height in ws/is) (dot, tile)
 * @param arrayCols C, the array's columns (tile)
 */
public record VectorSpec(VectorUnit unit, FloatFormat format, FloatFormat formatB, Rounding rounding, Overflow overflow,
                         NanPolicy nanPolicy, int srBits, int count, long seed, int k, ArrayDataflow dataflow,
                         int tileRows, int arrayCols) {

    /** The version written into every file's {@code version} column. */
    public static final String VERSION = "fp8sim-vectors/1";

    public VectorSpec {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(formatB, "formatB");
        Objects.requireNonNull(rounding, "rounding");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(nanPolicy, "nanPolicy");
        Objects.requireNonNull(dataflow, "dataflow");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        switch (unit) {
            case QUANTIZE -> {
                if (rounding == Rounding.SR) {
                    throw new IllegalArgumentException("unit quantize takes rounding rne or rz; use unit sr for sr");
                }
            }
            case SR -> {
                if (srBits < 1 || srBits > QuantSpec.MAX_SR_BITS) {
                    throw new IllegalArgumentException("sr bits must be 1.." + QuantSpec.MAX_SR_BITS + ", got " + srBits);
                }
            }
            case MAC, DOT, TILE -> {
                if (format.totalBits() > 8 || formatB.totalBits() > 8) {
                    throw new IllegalArgumentException("mac and dot operands must be 8-bit (or narrower) formats, got "
                            + format.name() + " and " + formatB.name());
                }
                if (unit != VectorUnit.MAC && (k < 1 || k > 4096)) {
                    throw new IllegalArgumentException("k must be 1..4096, got " + k);
                }
                if (unit != VectorUnit.MAC && (tileRows < 1 || tileRows > 256 || arrayCols < 1 || arrayCols > 256)) {
                    throw new IllegalArgumentException("the array must be 1..256 x 1..256, got " + tileRows + "x" + arrayCols);
                }
            }
        }
    }

    /** A spec for a square R x R array (arrayCols = tileRows). */
    public VectorSpec(VectorUnit unit, FloatFormat format, FloatFormat formatB, Rounding rounding, Overflow overflow,
                      NanPolicy nanPolicy, int srBits, int count, long seed, int k, ArrayDataflow dataflow, int tileRows) {
        this(unit, format, formatB, rounding, overflow, nanPolicy, srBits, count, seed, k, dataflow, tileRows, tileRows);
    }

    /** The quantization spec of a quantize or sr row. */
    public QuantSpec quantSpec() {
        return new QuantSpec(format, unit == VectorUnit.SR ? Rounding.SR : rounding, overflow,
                unit == VectorUnit.SR ? srBits : QuantSpec.DEFAULT_SR_BITS, nanPolicy);
    }

    /** The order a dot row states: {@code os}, or {@code ws/R} / {@code is/R}. */
    public String orderName() {
        return dataflow == ArrayDataflow.OS ? "os" : dataflow.cliName() + "/" + tileRows;
    }
}
