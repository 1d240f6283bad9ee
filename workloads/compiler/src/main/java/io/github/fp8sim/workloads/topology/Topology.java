package io.github.fp8sim.workloads.topology;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * A SCALE-Sim convolution topology: one row per layer, each mapped to a GEMM as SCALE-Sim maps it
 * ({@code scale-sim-v2:scalesim/topology_utils.py}, {@code topo_calc_hyperparams} and
 * {@code get_transformed_mnk_dimensions}), so compute cycles cross-check with SCALE-Sim.
 *
 * <p>Format: a header row, then
 * {@code Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,}
 * with the trailing comma SCALE-Sim's files carry. Also accepted, as SCALE-Sim accepts them: the
 * {@code Stride height, Stride width} pair its own writer emits instead of {@code Strides}; notes in
 * columns after an empty column that follows the strides (ignored, as in SCALE-Sim's own v1 and v2
 * files); rows with every field empty (skipped); spaces around fields;
 * header names in any letter case. IFMAP sizes already include the padding; the output is
 * {@code ceil((H - Fh + s) / s)} (which is {@code floor((H - Fh) / s) + 2} when s does not divide
 * {@code H - Fh}: one more than PyTorch's size, SCALE-Sim's convention). A layer whose name contains
 * {@code DP} is depthwise, as in SCALE-Sim: it becomes one single-channel layer per channel, named
 * {@code <name>Channel_<i>}. A topology has at most {@link #MAX_LAYERS} layers so expanded, and
 * at most {@link Long#MAX_VALUE} MACs.
 *
 * <p>A named column right after the strides, or a value in a row beyond the header's columns, would be
 * ignored, so it is an error rather than dropped silently. Errors are {@link InputException}s naming the
 * file, line and column.
 *
 * @param name   the topology's name: the file name without its extension (SCALE-Sim's convention)
 * @param layers the layers in file order, depthwise layers expanded
 */
public record Topology(String name, List<Layer> layers) {

    public Topology {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
    }

    /**
     * One convolution layer.
     *
     * @param name         layer name
     * @param line         the 1-based line of the file it comes from
     * @param ifmapHeight  input height, padding included
     * @param ifmapWidth   input width, padding included
     * @param filterHeight filter height
     * @param filterWidth  filter width
     * @param channels     input channels
     * @param filters      output channels
     * @param strideHeight vertical stride
     * @param strideWidth  horizontal stride
     */
    public record Layer(String name, long line, int ifmapHeight, int ifmapWidth, int filterHeight, int filterWidth,
            int channels, int filters, int strideHeight, int strideWidth) {

        /** {@code ceil((H - Fh + s) / s)}, SCALE-Sim's output height. */
        public int ofmapHeight() {
            return outputSize(ifmapHeight, filterHeight, strideHeight);
        }

        /** {@code ceil((W - Fw + s) / s)}, SCALE-Sim's output width. */
        public int ofmapWidth() {
            return outputSize(ifmapWidth, filterWidth, strideWidth);
        }

        /** The GEMM: M = output pixels {@code Ho * Wo}, N = filters, K = the window {@code Fh * Fw * C}. */
        public Gemm gemm() {
            return new Gemm(Math.toIntExact((long) ofmapHeight() * ofmapWidth()), filters,
                    Math.toIntExact((long) filterHeight * filterWidth * channels));
        }

        /** {@code Ho * Wo * Fh * Fw * C * filters}, SCALE-Sim's {@code num_mac}. */
        public long macs() {
            return gemm().macs();
        }

        private static int outputSize(int in, int filter, int stride) {
            // ceil(a / s) for a > 0 is (a + s - 1) / s; a = in - filter + stride >= stride since filter <= in.
            // Summed in long: with a large stride the sum passes 2^31; the quotient, at most in, fits an int.
            return (int) (((long) in - filter + 2L * stride - 1) / stride);
        }
    }

    /**
     * A GEMM {@code C [M x N] = A [M x K] B [K x N]}.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k the reduction length
     */
    public record Gemm(int m, int n, int k) {

        /** {@code M * N * K}. */
        public long macs() {
            return (long) m * n * k;
        }
    }

    /** The sum of the layers' MACs. */
    public long totalMacs() {
        long sum = 0;
        for (Layer l : layers) {
            sum += l.macs();
        }
        return sum;
    }

    /**
     * The most layers a topology may have, depthwise layers expanded: each is simulated as its own GEMM
     * (five instructions and a report row at least), and a timing run of this many one-tile layers takes
     * about ten seconds and a gigabyte of heap, so a file that asks for more is refused, not run out of
     * memory. It is well above what real networks expand to.
     */
    public static final int MAX_LAYERS = 1 << 18;

    /** The header names before the strides, in order. */
    private static final List<String> COLUMNS = List.of("Layer name", "IFMAP Height", "IFMAP Width", "Filter Height",
            "Filter Width", "Channels", "Num Filter");
    private static final String STRIDES = "Strides";
    private static final String STRIDE_HEIGHT = "Stride height";
    private static final String STRIDE_WIDTH = "Stride width";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    /** Reads a topology file; the path as given names it in messages. */
    public static Topology read(Path file) {
        String text = InputFiles.readText(file);
        String base = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return parse(file.toString(), dot > 0 ? base.substring(0, dot) : base, text);
    }

    /**
     * Parses topology CSV text.
     *
     * @param file the name used in messages
     * @param name the topology's name
     * @param text the CSV
     */
    public static Topology parse(String file, String name, String text) {
        // Drop a UTF-8 byte order mark that spreadsheet exports put before the header.
        String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), FORMAT)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new InputException(file + ": malformed CSV (" + e.getMessage() + ")");
        }
        if (records.isEmpty()) {
            throw new InputException(file + ": the file is empty; expected the header row "
                    + String.join(", ", COLUMNS) + ", " + STRIDES);
        }
        int[] lineStarts = lineStarts(csv);
        CSVRecord header = records.get(0);
        long headerLine = lineOf(csv, lineStarts, header);
        boolean twoStrides = checkHeader(file, headerLine, header);
        List<Layer> layers = new ArrayList<>();
        long macs = 0;
        for (CSVRecord r : records.subList(1, records.size())) {
            if (r.stream().allMatch(String::isEmpty)) {
                continue;
            }
            long line = lineOf(csv, lineStarts, r);
            for (int i = header.size(); i < r.size(); i++) {
                if (!r.get(i).isEmpty()) {
                    throw InputException.at(file, line, "#" + (i + 1), "unexpected value '" + r.get(i) + "' beyond the header's "
                            + header.size() + " columns");
                }
            }
            Field f = new Field(file, line, r, twoStrides);
            String layerName = f.text(0);
            int h = f.positive(1);
            int w = f.positive(2);
            int fh = f.positive(3);
            int fw = f.positive(4);
            int c = f.positive(5);
            int n = f.positive(6);
            int sh = f.positive(7);
            int sw = twoStrides ? f.positive(8) : sh;
            if (fh > h) {
                throw InputException.at(file, line, COLUMNS.get(3), "filter height " + fh + " > IFMAP height " + h);
            }
            if (fw > w) {
                throw InputException.at(file, line, COLUMNS.get(4), "filter width " + fw + " > IFMAP width " + w);
            }
            boolean depthwise = layerName.contains("DP");
            // SCALE-Sim's depthwise convention: one single-channel layer per input channel.
            Layer layer = new Layer(layerName, line, h, w, fh, fw, depthwise ? 1 : c, n, sh, sw);
            int copies = depthwise ? c : 1;
            checkSize(file, layer);
            checkLimits(file, layer, depthwise, layers.size(), copies);
            macs = addMacs(file, layer, macs, copies);
            if (depthwise) {
                for (int ch = 0; ch < c; ch++) {
                    layers.add(new Layer(layerName + "Channel_" + ch, line, h, w, fh, fw, 1, n, sh, sw));
                }
            } else {
                layers.add(layer);
            }
        }
        if (layers.isEmpty()) {
            throw InputException.at(file, headerLine + 1, null, "no layers after the header");
        }
        return new Topology(name, layers);
    }

    /** Checks the header; true if it has the {@code Stride height, Stride width} pair. */
    private static boolean checkHeader(String file, long line, CSVRecord header) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            String got = i < header.size() ? header.get(i) : "";
            if (!same(got, COLUMNS.get(i))) {
                throw InputException.at(file, line, "#" + (i + 1),
                        "expected the header '" + COLUMNS.get(i) + "', found '" + got + "'");
            }
        }
        int s = COLUMNS.size();
        String a = s < header.size() ? header.get(s) : "";
        boolean two = same(a, STRIDE_HEIGHT) && s + 1 < header.size() && same(header.get(s + 1), STRIDE_WIDTH);
        if (!two && !same(a, STRIDES)) {
            throw InputException.at(file, line, "#" + (s + 1),
                    "expected the header '" + STRIDES + "' (or '" + STRIDE_HEIGHT + ", " + STRIDE_WIDTH + "'), found '" + a + "'");
        }
        int next = two ? s + 2 : s + 1;
        if (next < header.size() && !header.get(next).isBlank()) {
            throw InputException.at(file, line, "#" + (next + 1), "unexpected column '" + header.get(next) + "' after '"
                    + header.get(next - 1) + "' (fp8sim reads only SCALE-Sim's columns; put notes after an empty column)");
        }
        return two;
    }

    private static boolean same(String got, String expected) {
        return got.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
    }

    /** Rejects a row that would take the topology past {@link #MAX_LAYERS} layers. */
    private static void checkLimits(String file, Layer l, boolean depthwise, int before, int copies) {
        long total = (long) before + copies;
        if (total <= MAX_LAYERS) {
            return;
        }
        if (depthwise) {
            throw InputException.at(file, l.line(), COLUMNS.get(5), "depthwise layer '" + l.name() + "' becomes one layer per channel, "
                    + copies + " layers" + (before == 0 ? "" : ", " + total + " with the " + before + " before it")
                    + "; expected at most " + MAX_LAYERS + " in a topology");
        }
        throw InputException.at(file, l.line(), null, "layer '" + l.name() + "' is layer " + total + "; expected at most "
                + MAX_LAYERS + " in a topology");
    }

    /** {@code total} plus {@code copies} times the layer's MACs, refusing a sum that a long cannot hold. */
    private static long addMacs(String file, Layer l, long total, int copies) {
        try {
            Gemm g = l.gemm();
            long layerMacs = Math.multiplyExact(Math.multiplyExact((long) g.m(), (long) g.n()), (long) g.k());
            return Math.addExact(total, Math.multiplyExact(layerMacs, (long) copies));
        } catch (ArithmeticException e) {
            throw InputException.at(file, l.line(), null, "layer '" + l.name() + "' takes the topology past "
                    + Long.MAX_VALUE + " MACs");
        }
    }

    /** Rejects layers whose GEMM dimensions do not fit an int (the MAC array's operand sizes). */
    private static void checkSize(String file, Layer l) {
        long m = (long) l.ofmapHeight() * l.ofmapWidth();
        long k = (long) l.filterHeight() * l.filterWidth() * l.channels();
        if (m > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            throw InputException.at(file, l.line(), null, "layer '" + l.name() + "' is too large (M = " + m + ", K = " + k + ")");
        }
    }

    /** The offsets at which lines start: 0 and each position after a '\n'. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, 2 * n);
                }
                starts[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, n);
    }

    /**
     * The 1-based line on which a record starts. Commons CSV's character position is where the parser
     * began, before the empty lines it skipped, so line breaks at that position are stepped over first.
     */
    private static long lineOf(String text, int[] lineStarts, CSVRecord r) {
        int pos = (int) Math.min(r.getCharacterPosition(), text.length());
        while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            pos++;
        }
        int i = java.util.Arrays.binarySearch(lineStarts, pos);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Typed access to one row's fields, with errors naming the file, line and column. */
    private record Field(String file, long line, CSVRecord r, boolean twoStrides) {

        String column(int i) {
            if (i < COLUMNS.size()) {
                return COLUMNS.get(i);
            }
            if (!twoStrides) {
                return STRIDES;
            }
            return i == COLUMNS.size() ? STRIDE_HEIGHT : STRIDE_WIDTH;
        }

        String text(int i) {
            String v = i < r.size() ? r.get(i) : "";
            if (v.isEmpty()) {
                throw InputException.at(file, line, column(i), "missing value");
            }
            return v;
        }

        int positive(int i) {
            String v = text(i);
            int x;
            try {
                x = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw InputException.at(file, line, column(i), "expected a positive integer, got '" + v + "'");
            }
            if (x < 1) {
                throw InputException.at(file, line, column(i), "expected a positive integer, got " + x);
            }
            return x;
        }
    }
}
