package io.github.fp8sim.traces.vectors;

import static io.github.fp8sim.testkit.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every mac and dot row recomputed with plain Java float arithmetic written from ARCHITECTURE.md section 2,
 * with operand decoding written here from the OFP8 tables (not FloatFormat.decode).
 */
class MacDotVectorsTest {

    /** The value of an OFP8 code, from OFP8 rev 1.0 tables 1-3 (e5m2, e4m3, e5m2fnuz, e4m3fnuz). */
    static float ofp8(String format, int code) {
        int e = format.startsWith("e5") ? 5 : 4;
        int m = 7 - e;
        boolean fnuz = format.endsWith("fnuz");
        int bias = (1 << (e - 1)) - 1 + (fnuz ? 1 : 0);
        boolean neg = (code & 0x80) != 0;
        int field = (code >> m) & ((1 << e) - 1);
        int man = code & ((1 << m) - 1);
        if (fnuz && code == 0x80) {
            return Float.NaN;
        }
        if (format.equals("e5m2") && field == 31) {
            return man == 0 ? (neg ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
        }
        if (format.equals("e4m3") && field == 15 && man == 7) {
            return Float.NaN;
        }
        double mag = field == 0 ? man * Math.pow(2, 1 - bias - m) : (1 + man / (double) (1 << m)) * Math.pow(2, field - bias);
        return (float) (neg ? -mag : mag);
    }

    static int bitsOf(float f) {
        return Float.isNaN(f) ? 0x7FC0_0000 : Float.floatToRawIntBits(f);
    }

    @ParameterizedTest
    @CsvSource({"e4m3,e4m3", "e5m2,e5m2", "e4m3,e5m2", "e5m2fnuz,e4m3fnuz"})
    void macRowsAreAccPlusTheExactProductRoundedOnce(String fa, String fb) {
        VectorTable t = VectorGenerator.generate(new VectorSpec(VectorUnit.MAC, FloatFormat.parse(fa), FloatFormat.parse(fb),
                Rounding.RNE, Overflow.SATURATE, NanPolicy.MLDTYPES, 8, 3000, 5, 1, ArrayDataflow.OS, 1));
        int nanRows = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            float a = ofp8(fa, hex(t.get(i, "a_hex")));
            float b = ofp8(fb, hex(t.get(i, "b_hex")));
            float acc = Float.intBitsToFloat(hex(t.get(i, "acc_hex")));
            float expected = acc + a * b;
            nanRows += Float.isNaN(expected) ? 1 : 0;
            assertEquals(String.format("0x%08X", bitsOf(expected)), t.get(i, "result_hex"), "row " + i + " " + t.rows().get(i));
        }
        assertTrue(nanRows > 0, "the edge cases include NaN results");
    }

    @ParameterizedTest
    @CsvSource({"e4m3,os,4,8", "e5m2,ws,4,8", "e4m3,is,3,10", "e5m2,ws,16,16", "e4m3,os,1,1", "e5m2,ws,1,5"})
    void dotRowsFollowTheStatedOrder(String f, String dataflow, int tileRows, int k) {
        FloatFormat ff = FloatFormat.parse(f);
        VectorTable t = VectorGenerator.generate(new VectorSpec(VectorUnit.DOT, ff, ff, Rounding.RNE, Overflow.SATURATE,
                NanPolicy.MLDTYPES, 8, 500, 11, k, ArrayDataflow.parse(dataflow), tileRows));
        for (int i = 0; i < t.rows().size(); i++) {
            String order = t.get(i, "order");
            assertEquals(dataflow.equals("os") ? "os" : dataflow + "/" + tileRows, order);
            String[] as = t.get(i, "a_hex").split(" ");
            String[] bs = t.get(i, "b_hex").split(" ");
            assertEquals(k, as.length);
            assertEquals(Integer.toString(k), t.get(i, "k"));
            float acc = Float.intBitsToFloat(hex(t.get(i, "acc_hex")));
            if (order.equals("os")) {
                for (int j = 0; j < k; j++) {
                    acc += ofp8(f, hex(as[j])) * ofp8(f, hex(bs[j]));
                }
            } else {
                int r = Integer.parseInt(order.substring(order.indexOf('/') + 1));
                for (int k0 = 0; k0 < k; k0 += r) {
                    float psum = 0.0f;
                    for (int j = k0; j < Math.min(k, k0 + r); j++) {
                        psum += ofp8(f, hex(as[j])) * ofp8(f, hex(bs[j]));
                    }
                    acc += psum;
                }
            }
            assertEquals(String.format("0x%08X", bitsOf(acc)), t.get(i, "result_hex"), "row " + i + " " + t.rows().get(i));
        }
    }

    @ParameterizedTest
    @CsvSource({"e4m3,os,4,4", "e5m2,ws,4,3", "e4m3,is,3,5", "e4m3,ws,1,1", "e5m2,os,2,6"})
    void tileRowsFollowTheContractAndScaleSimCycles(String f, String dataflow, int rows, int cols) {
        FloatFormat ff = FloatFormat.parse(f);
        VectorTable t = VectorGenerator.generate(new VectorSpec(VectorUnit.TILE, ff, ff, Rounding.RNE, Overflow.SATURATE,
                NanPolicy.MLDTYPES, 8, 200, 13, 9, ArrayDataflow.parse(dataflow), rows, cols));
        int preloads = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            int m = Integer.parseInt(t.get(i, "m"));
            int k = Integer.parseInt(t.get(i, "k"));
            int n = Integer.parseInt(t.get(i, "n"));
            assertEquals(dataflow, t.get(i, "dataflow"));
            assertEquals(Integer.toString(rows), t.get(i, "array_rows"));
            assertEquals(Integer.toString(cols), t.get(i, "array_cols"));
            String[] a = t.get(i, "a_hex").split(" ");
            String[] b = t.get(i, "b_hex").split(" ");
            String[] out = t.get(i, "result_hex").split(" ");
            boolean preload = t.get(i, "preload").equals("1");
            String[] c = preload ? t.get(i, "c_hex").split(" ") : null;
            preloads += preload ? 1 : 0;
            assertEquals(m * k, a.length);
            assertEquals(k * n, b.length);
            assertEquals(m * n, out.length);
            for (int x = 0; x < m; x++) {
                for (int y = 0; y < n; y++) {
                    float acc = preload ? Float.intBitsToFloat(hex(c[x * n + y])) : 0.0f;
                    int run = dataflow.equals("os") ? k : rows;
                    for (int k0 = 0; k0 < k; k0 += run) {
                        float psum = 0.0f;
                        for (int j = k0; j < Math.min(k, k0 + run); j++) {
                            float p = ofp8(f, hex(a[x * k + j])) * ofp8(f, hex(b[j * n + y]));
                            if (dataflow.equals("os")) {
                                acc += p;
                            } else {
                                psum += p;
                            }
                        }
                        if (!dataflow.equals("os")) {
                            acc += psum;
                        }
                    }
                    assertEquals(String.format("0x%08X", bitsOf(acc)), out[x * n + y], "row " + i + " C[" + x + "][" + y + "]");
                }
            }
            // SCALE-Sim: folds x (streamed dimension + fill + drain) - 1.
            long folds = switch (dataflow) {
                case "os" -> ceil(m, rows) * ceil(n, cols);
                case "ws" -> ceil(k, rows) * ceil(n, cols);
                default -> ceil(k, rows) * ceil(m, cols);
            };
            long perFold = switch (dataflow) {
                case "os" -> k + rows + cols - 2;
                case "ws" -> m + 2L * rows + cols - 2;
                default -> n + 2L * rows + cols - 2;
            };
            assertEquals(Long.toString(folds * perFold - 1), t.get(i, "compute_cycles"), "row " + i);
        }
        assertTrue(preloads > 20 && preloads < 190, "preloads " + preloads);
    }

    static long ceil(int x, int y) {
        return (x + y - 1) / y;
    }
}
