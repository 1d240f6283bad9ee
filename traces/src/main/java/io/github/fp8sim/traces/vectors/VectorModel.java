package io.github.fp8sim.traces.vectors;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.FoldModel;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recomputes the result columns of any vector row from its input columns with the datapath, so a vector
 * file (or a documented example) can be checked against the model row by row.
 */
public final class VectorModel {

    private VectorModel() {
    }

    /** The result columns the model gives for one row of {@code table} (a vector file). */
    public static Map<String, String> expected(CsvTable table, CsvTable.Row row) {
        VectorUnit unit;
        try {
            unit = VectorUnit.parse(table.get(row, "unit"));
        } catch (IllegalArgumentException e) {
            throw InputException.at(table.file(), row.line(), "unit", e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        switch (unit) {
            case QUANTIZE, SR -> {
                FloatFormat f = parse(table, row, "format", FloatFormat::parse);
                Rounding rounding = parse(table, row, "rounding", Rounding::parse);
                Overflow overflow = parse(table, row, "overflow", Overflow::parse);
                NanPolicy nan = parse(table, row, "nan_policy", NanPolicy::parse);
                int srBits = unit == VectorUnit.SR ? parse(table, row, "sr_bits", Integer::parseInt) : 8;
                int random = unit == VectorUnit.SR ? one(table, row, "random") : 0;
                QuantSpec spec;
                try {
                    spec = new QuantSpec(f, rounding, overflow, srBits, nan);
                } catch (IllegalArgumentException e) {
                    throw InputException.at(table.file(), row.line(), "sr_bits", e.getMessage());
                }
                long r = Converter.f32ToFormat(spec, random, one(table, row, "f32_hex"));
                out.put("code_hex", f.formatCode(Converter.code(r)));
                out.put("flags", FpFlags.describe(Converter.flags(r)));
            }
            case MAC, DOT -> {
                FloatFormat fa = operandFormat(table, row, "a_format");
                FloatFormat fb = operandFormat(table, row, "b_format");
                List<Long> a = VectorChecker.hexList(table.file(), row.line(), "a_hex", table.get(row, "a_hex"));
                List<Long> b = VectorChecker.hexList(table.file(), row.line(), "b_hex", table.get(row, "b_hex"));
                if (a.size() != b.size()) {
                    throw InputException.at(table.file(), row.line(), "b_hex", "expected " + a.size() + " codes like a_hex, got " + b.size());
                }
                ArrayDataflow dataflow = ArrayDataflow.OS;
                int tileRows = 1;
                if (unit == VectorUnit.DOT) {
                    String order = table.get(row, "order");
                    int slash = order.indexOf('/');
                    try {
                        dataflow = ArrayDataflow.parse(slash < 0 ? order : order.substring(0, slash));
                        tileRows = slash < 0 ? 1 : Integer.parseInt(order.substring(slash + 1));
                    } catch (IllegalArgumentException e) {
                        throw InputException.at(table.file(), row.line(), "order", "expected os, ws/R or is/R, got '" + order + "'");
                    }
                    if ((dataflow == ArrayDataflow.OS) != (slash < 0) || tileRows < 1) {
                        throw InputException.at(table.file(), row.line(), "order", "expected os, ws/R or is/R, got '" + order + "'");
                    }
                }
                int k = a.size();
                byte[] ab = codes(table, row, "a_hex", fa, a);
                byte[] bb = codes(table, row, "b_hex", fb, b);
                float[] c = {Float.intBitsToFloat(one(table, row, "acc_hex"))};
                ReferenceGemm.gemm(new ArrayShape(tileRows, tileRows), dataflow, Accumulation.FP32, new GemmCall(
                        new CodeMatrix(ab, 0, k, fa), new CodeMatrix(bb, 0, 1, fb),
                        new Fp32Matrix(c, 0, 1), 1, 1, k, true));
                out.put("result_hex", VectorGenerator.f32Hex(Float.floatToRawIntBits(c[0])));
            }
            case TILE -> {
                FloatFormat fa = operandFormat(table, row, "a_format");
                FloatFormat fb = operandFormat(table, row, "b_format");
                int m = parse(table, row, "m", Integer::parseInt);
                int k = parse(table, row, "k", Integer::parseInt);
                int n = parse(table, row, "n", Integer::parseInt);
                ArrayDataflow dataflow = parse(table, row, "dataflow", ArrayDataflow::parse);
                ArrayShape shape = new ArrayShape(parse(table, row, "array_rows", Integer::parseInt),
                        parse(table, row, "array_cols", Integer::parseInt));
                boolean preload = parse(table, row, "preload", text -> switch (text) {
                    case "0" -> false;
                    case "1" -> true;
                    default -> throw new IllegalArgumentException("expected 0 or 1");
                });
                byte[] a = codes(table, row, "a_hex", fa, list(table, row, "a_hex", m * k));
                byte[] b = codes(table, row, "b_hex", fb, list(table, row, "b_hex", k * n));
                float[] c = new float[m * n];
                if (preload) {
                    List<Long> acc = list(table, row, "c_hex", m * n);
                    for (int i = 0; i < c.length; i++) {
                        c[i] = Float.intBitsToFloat(word(table, row, "c_hex", acc.get(i)));
                    }
                } else if (!table.get(row, "c_hex").isBlank()) {
                    throw InputException.at(table.file(), row.line(), "c_hex", "must be empty when preload is 0");
                }
                ReferenceGemm.gemm(shape, dataflow, Accumulation.FP32, new GemmCall(
                        new CodeMatrix(a, 0, k, fa), new CodeMatrix(b, 0, n, fb),
                        new Fp32Matrix(c, 0, n), m, n, k, preload));
                List<String> result = new ArrayList<>();
                for (float x : c) {
                    result.add(VectorGenerator.f32Hex(Float.floatToRawIntBits(x)));
                }
                out.put("result_hex", String.join(" ", result));
                out.put("compute_cycles", Long.toString(FoldModel.computeCycles(dataflow, shape, m, n, k)));
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    private static List<Long> list(CsvTable table, CsvTable.Row row, String column, int size) {
        List<Long> v = VectorChecker.hexList(table.file(), row.line(), column, table.get(row, column));
        if (v.size() != size) {
            throw InputException.at(table.file(), row.line(), column, "expected " + size + " values, got " + v.size());
        }
        return v;
    }

    /** The operand codes of a row, each of which must be a code of {@code format} (not wider). */
    private static byte[] codes(CsvTable table, CsvTable.Row row, String column, FloatFormat format, List<Long> values) {
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            long v = values.get(i);
            if (Long.compareUnsigned(v, format.codeCount()) >= 0) {
                throw InputException.at(table.file(), row.line(), column, "expected " + format.name() + " codes (0x00.."
                        + format.formatCode((int) format.codeCount() - 1) + "), got 0x" + Long.toHexString(v).toUpperCase(Locale.ROOT));
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** A 32-bit field (an FP32 bit pattern or a random word). */
    private static int word(CsvTable table, CsvTable.Row row, String column, long value) {
        if (Long.compareUnsigned(value, 0xFFFF_FFFFL) > 0) {
            throw InputException.at(table.file(), row.line(), column, "expected a 32-bit value (at most 8 hex digits), got 0x"
                    + Long.toHexString(value).toUpperCase(Locale.ROOT));
        }
        return (int) value;
    }

    /** Every difference between the file's result columns and the model's (empty: the file is right). */
    public static List<VectorChecker.Mismatch> verify(CsvTable table) {
        List<VectorChecker.Mismatch> out = new ArrayList<>();
        int id = table.requireColumn("id");
        for (CsvTable.Row row : table.rows()) {
            for (Map.Entry<String, String> e : expected(table, row).entrySet()) {
                String actual = table.get(row, e.getKey());
                if (!actual.equals(e.getValue())) {
                    out.add(new VectorChecker.Mismatch(row.line(), row.line(), row.get(id), e.getKey(), e.getValue(), actual));
                }
            }
        }
        return out;
    }

    /** A field holding one 32-bit hex value. */
    private static int one(CsvTable table, CsvTable.Row row, String column) {
        List<Long> v = VectorChecker.hexList(table.file(), row.line(), column, table.get(row, column));
        if (v.size() != 1) {
            throw InputException.at(table.file(), row.line(), column, "expected one hex value");
        }
        return word(table, row, column, v.get(0));
    }

    /** An operand format of a mac, dot or tile row: one the MAC array takes, 8 bits or narrower. */
    private static FloatFormat operandFormat(CsvTable table, CsvTable.Row row, String column) {
        FloatFormat f = parse(table, row, column, FloatFormat::parse);
        if (f.totalBits() > 8) {
            throw InputException.at(table.file(), row.line(), column, "expected an 8-bit (or narrower) format, as the MAC array takes, got "
                    + f.name() + " (" + f.totalBits() + " bits)");
        }
        return f;
    }

    private static <T> T parse(CsvTable table, CsvTable.Row row, String column, java.util.function.Function<String, T> parser) {
        String text = table.get(row, column);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw InputException.at(table.file(), row.line(), column, "bad value '" + text + "' (" + e.getMessage() + ")");
        }
    }
}
