package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.runtime.config.MachineConfig;

/**
 * Tile sizes for a GEMM layer on a machine, with double buffering: two A and two B operand tiles and
 * two output-code tiles in the scratchpad, two FP32 accumulator tiles plus a bias row in the
 * accumulator SRAM, so the DMA of the next tile overlaps the compute of this one.
 *
 * <p>K tiles are whole multiples of {@link #kAlignment} (the array's R, or the chunk of chunk-based OS
 * accumulation) unless K itself is smaller, so a tiled layer accumulates in exactly the order of the
 * same GEMM issued whole (ARCHITECTURE.md section 2: ws/is sum K tiles of R from +0; os continues in k
 * order across accumulating instructions, and its chunks restart at each instruction's first k). N
 * tiles are multiples of the array's C where possible, M tiles of R. Only SRAMs too small for one
 * aligned K tile make a smaller one, which {@link #keepsAccumulationOrder} tells.
 */
public record TilePlan(int mTile, int nTile, int kTile) {

    /** The ISA's 16-bit size fields and DMA row length. */
    static final int MAX_DIM = 65535;

    /** Scratchpad bytes the plan uses. */
    public static long spadBytes(int mt, int nt, int kt, int outBytes) {
        return 2L * ((long) mt * kt + (long) kt * nt) + 2L * mt * nt * outBytes;
    }

    /** Accumulator bytes the plan uses. */
    public static long accBytes(int mt, int nt) {
        return 2L * mt * nt * 4 + 8L * nt;   // two tiles, a bias row and a scale row
    }

    /**
     * What K tiles must be a multiple of for the tiled GEMM to sum in the untiled order: in WS and IS a
     * GEMM instruction's partial sums restart every R products, so R; in OS with chunk-based
     * accumulation (chunk C > 0) its chunks restart at the instruction's first k, so C; plain OS keeps
     * its order for any K tile, and takes R too.
     */
    public static int kAlignment(MachineConfig machine) {
        int chunk = machine.numerics().chunk();
        return machine.array().dataflow() == ArrayDataflow.OS && chunk > 0 ? chunk : machine.array().rows();
    }

    /** Whether a GEMM of depth {@code k} tiled by this plan sums in the order of the GEMM issued whole. */
    public boolean keepsAccumulationOrder(MachineConfig machine, int k) {
        boolean plainOs = machine.array().dataflow() == ArrayDataflow.OS && machine.numerics().chunk() == 0;
        return plainOs || kTile >= k || kTile % kAlignment(machine) == 0;
    }

    /** The largest tiles (up to a few array-widths each) that fit the machine's SRAMs. */
    public static TilePlan of(MachineConfig machine, GemmLayer layer) {
        int r = machine.array().rows();
        int c = machine.array().cols();
        int ka = kAlignment(machine);
        int outBytes = layer.output().bytesPerElement();
        int kt = tile(layer.k(), 8 * r, ka);
        int nt = tile(layer.n(), Math.min(4 * c, MAX_DIM / 4), c);
        int mt = tile(layer.m(), Math.max(256, 4 * r), r);
        while (spadBytes(mt, nt, kt, outBytes) > machine.scratchpad().bytes()
                || accBytes(mt, nt) > machine.accumulator().bytes()) {
            // shrink the dimension that costs most, keeping the alignments while it can
            if (mt >= nt && mt >= kt && mt > 1) {
                mt = shrink(mt, r);
            } else if (nt >= kt && nt > 1) {
                nt = shrink(nt, c);
            } else if (kt > 1) {
                kt = shrink(kt, ka);
            } else {
                throw new IllegalArgumentException(layer.name() + ": even 1x1x1 tiles do not fit the machine's SRAMs");
            }
        }
        return new TilePlan(mt, nt, kt);
    }

    /**
     * The plan of {@link #of} with the N and K tiles doubled (K in whole multiples of {@link #kAlignment},
     * so the accumulation order is unchanged) while the SRAMs allow: for a GEMM of few rows (an LSTM step at
     * batch 1 is a matrix-vector product), each B tile serves one M tile only, and fewer, larger tiles
     * cut the DMA latency and instructions paid per tile.
     */
    public static TilePlan grown(MachineConfig machine, GemmLayer layer) {
        TilePlan p = of(machine, layer);
        int ka = kAlignment(machine);
        int c = machine.array().cols();
        int outBytes = layer.output().bytesPerElement();
        int mt = p.mTile();
        int nt = p.nTile();
        int kt = p.kTile();
        boolean grew = true;
        while (grew) {
            grew = false;
            int n2 = grow(nt, layer.n(), c, MAX_DIM / Math.max(4, outBytes));
            if (n2 > nt && fits(machine, mt, n2, kt, outBytes)) {
                nt = n2;
                grew = true;
            }
            int k2 = grow(kt, layer.k(), ka, MAX_DIM);
            if (k2 > kt && fits(machine, mt, nt, k2, outBytes)) {
                kt = k2;
                grew = true;
            }
        }
        return new TilePlan(mt, nt, kt);
    }

    /** Twice t, capped by size (taken whole) or else a multiple of align, at most max. */
    private static int grow(int t, int size, int align, int max) {
        long twice = 2L * t;
        if (twice >= size) {
            return size <= max ? size : t;
        }
        int g = (int) Math.min(twice, max) / align * align;
        return Math.max(t, g);
    }

    private static boolean fits(MachineConfig machine, int mt, int nt, int kt, int outBytes) {
        return spadBytes(mt, nt, kt, outBytes) <= machine.scratchpad().bytes() && accBytes(mt, nt) <= machine.accumulator().bytes();
    }

    private static int tile(int size, int preferred, int align) {
        if (size <= preferred) {
            return size;
        }
        return Math.max(align, preferred / align * align);
    }

    private static int shrink(int t, int align) {
        int half = t / 2;
        return half >= align ? half / align * align : Math.max(1, half);
    }
}
