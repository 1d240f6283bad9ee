package io.github.fp8sim.runtime.exec;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.MacArray;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.memory.AccessException;
import io.github.fp8sim.runtime.memory.AccumulatorSram;
import io.github.fp8sim.runtime.memory.Scratchpad;

/**
 * Executes programs on a {@link Machine}, bit-exactly. {@link #step} is one exhaustive switch over
 * the instruction records with one small method per kind (a new instruction will not compile until
 * handled). Timing, energy and tracing are {@link ExecListener}s called after each instruction.
 * Every address and size is checked; a bad one stops the run with an {@link ExecutionException}
 * naming the instruction.
 */
public final class Interpreter {
    private final Machine machine;
    private final Mode mode;
    private final List<ExecListener> listeners = new ArrayList<>();
    private boolean halted;
    private GemmThreads threads = GemmThreads.SERIAL;

    public Interpreter(Machine machine, Mode mode) {
        this.machine = machine;
        this.mode = mode;
    }

    /**
     * Runs each large GEMM's rows on {@code pool}'s threads. Every output element is still computed by
     * one thread in the array's order over k, so the results are the same bits for any thread count.
     */
    public Interpreter threads(GemmThreads pool) {
        this.threads = java.util.Objects.requireNonNull(pool, "pool");
        return this;
    }

    /** Adds a listener, called in the order added. */
    public Interpreter listen(ExecListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Runs a program to its {@code halt}; returns the number of instructions executed. An error names
     * where the instruction came from ({@link Program#source()}: the assembly line or the binary file's
     * byte offset) when the program was read from a file.
     */
    public int run(Program program) {
        halted = false;
        for (int i = 0; i < program.size(); i++) {
            try {
                step(i, program.get(i));
            } catch (ExecutionException e) {
                String where = program.source().where(i);
                throw where == null ? e : new ExecutionException(where + ": " + e.getMessage());
            }
            if (halted) {
                return i + 1;
            }
        }
        throw withoutHalt(program);
    }

    private static ExecutionException withoutHalt(Program program) {
        String file = program.source().file();
        if (program.size() == 0) {
            return new ExecutionException((file == null ? "" : file + ": ") + "the program is empty; expected instructions ending with halt");
        }
        int last = program.size() - 1;
        String where = program.source().where(last);
        String count = program.size() == 1 ? "1 instruction" : program.size() + " instructions";
        return new ExecutionException((where == null ? "" : where + ": ") + "the program ends without a halt (" + count
                + ", the last is " + Disassembler.disassemble(program.get(last)) + "); expected halt as the last instruction");
    }

    /** Executes one instruction, then tells the listeners. */
    public void step(int index, Instruction insn) {
        try {
            switch (insn) {
                case DmaLoad d -> execDmaLoad(d);
                case DmaStore d -> execDmaStore(d);
                case Gemm g -> execGemm(g);
                case Quantize q -> execQuantize(q);
                case VectorOp v -> execVector(v);
                case Config c -> execConfig(c);
                case Fence f -> { }                      // ordering only: the timing listener honours it
                case Halt h -> halted = true;
            }
        } catch (AccessException | IllegalArgumentException | ArithmeticException e) {
            throw new ExecutionException("instruction " + index + " (" + Disassembler.disassemble(insn) + "): " + e.getMessage());
        }
        for (ExecListener l : listeners) {
            l.executed(index, insn);
        }
    }

    public boolean halted() {
        return halted;
    }

    private void execDmaLoad(DmaLoad d) {
        checkDram(d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride());
        checkLocal(d.dst(), d.localAddr(), d.rows(), d.localRowBytes(), d.localStride());
        if (mode == Mode.TIMING) {
            return;
        }
        byte[] row = new byte[d.rowBytes()];
        boolean widen = d.convertFrom() != null || d.accumulate();
        FloatFormat from = d.convertFrom() == null ? FloatFormat.FP32 : Formats.format(d.convertFrom());
        int bytes = from.totalBits() / 8;
        float[] words = machine.accumulator().words();
        for (int r = 0; r < d.rows(); r++) {
            machine.dram().read(d.dramAddr() + r * d.dramStride(), row, 0, row.length);
            long local = d.localAddr() + r * d.localStride();
            if (d.dst() == Space.SPAD) {
                System.arraycopy(row, 0, machine.scratchpad().data(), (int) local, row.length);
            } else if (!widen) {
                machine.accumulator().writeBytes(local, row, 0, row.length);
            } else {
                // widen each element exactly to FP32 (decoding is exact), then overwrite or add
                int w = (int) (local >>> 2);
                for (int e = 0; e < row.length / bytes; e++) {
                    int code = 0;
                    for (int b = 0; b < bytes; b++) {
                        code |= (row[e * bytes + b] & 0xFF) << (8 * b);
                    }
                    float v = Float.intBitsToFloat(from.decodeToF32Bits(code));
                    words[w + e] = d.accumulate() ? VectorMath.canonical(words[w + e] + v) : v;
                }
            }
        }
    }

    private void execDmaStore(DmaStore d) {
        checkLocal(d.src(), d.localAddr(), d.rows(), d.rowBytes(), d.localStride());
        checkDram(d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride());
        if (mode == Mode.TIMING) {
            return;
        }
        byte[] row = new byte[d.rowBytes()];
        for (int r = 0; r < d.rows(); r++) {
            long local = d.localAddr() + r * d.localStride();
            if (d.src() == Space.ACC) {
                machine.accumulator().readBytes(local, row, 0, row.length);
            } else {
                System.arraycopy(machine.scratchpad().data(), (int) local, row, 0, row.length);
            }
            machine.dram().write(d.dramAddr() + r * d.dramStride(), row, 0, row.length);
        }
    }

    private void execGemm(Gemm g) {
        Scratchpad spad = machine.scratchpad();
        AccumulatorSram acc = machine.accumulator();
        FloatFormat fa = Formats.format(g.aFormat());
        FloatFormat fb = Formats.format(g.bFormat());
        if (fa.totalBits() != 8 || fb.totalBits() != 8) {
            throw new IllegalArgumentException("the MAC array takes 8-bit operands, got " + fa + " x " + fb);
        }
        spad.check(g.aAddr(), g.m(), g.k(), g.lda());
        spad.check(g.bAddr(), g.k(), g.n(), g.ldb());
        acc.check(g.cAddr(), g.m(), 4L * g.n(), 4L * g.ldc());
        if (g.preload()) {
            acc.check(g.preloadAddr(), g.m(), 4L * g.n(), 4L * g.ldc());
        }
        if (mode == Mode.TIMING) {
            return;
        }
        float[] words = acc.words();
        int c = (int) (g.cAddr() >>> 2);
        if (g.preload()) {
            int p = (int) (g.preloadAddr() >>> 2);
            for (int i = 0; i < g.m(); i++) {
                System.arraycopy(words, p + i * g.ldc(), words, c + i * g.ldc(), g.n());
            }
        }
        MacArray array = machine.array(Formats.dataflow(g.dataflow()));
        byte[] data = spad.data();
        boolean accumulate = g.accumulate() || g.preload();
        threads.forRows(g.m(), (long) g.m() * g.n() * g.k(), (r0, rows) -> array.gemm(data, (int) g.aAddr() + r0 * g.lda(),
                g.lda(), fa, data, (int) g.bAddr(), g.ldb(), fb, words, c + r0 * g.ldc(), g.ldc(), rows, g.n(), g.k(),
                accumulate));
    }

    private void execQuantize(Quantize q) {
        int bytes = q.format().bits() / 8;
        machine.accumulator().check(q.srcAddr(), q.rows(), 4L * q.cols(), 4L * q.srcLd());
        machine.scratchpad().check(q.dstAddr(), q.rows(), (long) bytes * q.cols(), (long) bytes * q.dstLd());
        if (mode == Mode.TIMING) {
            return;
        }
        QuantSpec spec = new QuantSpec(Formats.format(q.format()), Formats.rounding(q.rounding()),
                Formats.overflow(q.overflow()), q.srBits(), machine.config().numerics().nanPolicy());
        Quantizer quantizer = new Quantizer(spec);
        boolean sr = spec.rounding() == Rounding.SR;
        RandomSource random = machine.random();
        int lanes = random.lanes();
        float[] words = machine.accumulator().words();
        byte[] spad = machine.scratchpad().data();
        int src = (int) (q.srcAddr() >>> 2);
        for (int i = 0; i < q.rows(); i++) {
            int lane = 0;   // column j draws on lane j mod lanes, rows in increasing order (ARCHITECTURE.md section 2)
            for (int j = 0; j < q.cols(); j++) {
                int bits = Float.floatToRawIntBits(words[src + i * q.srcLd() + j]);
                int r = sr ? random.nextBits(lane, machine.nextSrElement(), q.srBits()) : 0;
                int code = q.scaleExp() == 0 ? quantizer.quantize(bits, r) : scaled(spec, bits, q.scaleExp(), r);
                int at = (int) q.dstAddr() + (i * q.dstLd() + j) * bytes;
                for (int b = 0; b < bytes; b++) {
                    spad[at + b] = (byte) (code >>> (8 * b));     // little-endian
                }
                if (++lane == lanes) {
                    lane = 0;
                }
            }
        }
    }

    /** x * 2^scaleExp rounded once: the scaling is exact (it only moves the exponent) before the rounding. */
    private static int scaled(QuantSpec spec, int bits, int scaleExp, int random) {
        int field = (bits >>> 23) & 0xFF;
        int frac = bits & 0x7F_FFFF;
        if (field == 0xFF || (field == 0 && frac == 0)) {
            return Converter.code(Converter.f32ToFormat(spec, random, bits));
        }
        long sig = field == 0 ? frac : frac | 0x80_0000;
        int exp2 = (field == 0 ? -149 : field - 150) + scaleExp;
        return Converter.code(Converter.roundPack(spec, random, bits < 0, sig, exp2));
    }

    private void execVector(VectorOp v) {
        AccumulatorSram acc = machine.accumulator();
        VectorFunc.Arity arity = v.func().arity();
        acc.check(v.aAddr(), v.rows(), 4L * v.cols(), 4L * v.aLd());
        acc.check(v.dstAddr(), v.rows(), arity == VectorFunc.Arity.REDUCTION ? 4 : 4L * v.cols(), 4L * v.dstLd());
        if (arity == VectorFunc.Arity.BINARY) {
            switch (v.bMode()) {
                case NONE -> acc.check(v.bAddr(), v.rows(), 4L * v.cols(), 4L * v.bLd());
                case ROW -> acc.check(v.bAddr(), 1, 4L * v.cols(), 0);
                case COL -> acc.check(v.bAddr(), v.rows(), 4, 4L * v.bLd());
                case SCALAR -> acc.check(v.bAddr(), 1, 4, 0);
                case IMM -> { }
            }
        }
        if (mode == Mode.TIMING) {
            return;
        }
        float[] w = acc.words();
        int a = (int) (v.aAddr() >>> 2);
        int b = (int) (v.bAddr() >>> 2);
        int d = (int) (v.dstAddr() >>> 2);
        float imm = Float.intBitsToFloat(v.immBits());
        for (int i = 0; i < v.rows(); i++) {
            int aRow = a + i * v.aLd();
            if (arity == VectorFunc.Arity.REDUCTION) {
                // sums and maxima run left to right from the row's first element: one fixed order
                float r = v.cols() == 0 ? 0f : w[aRow];
                for (int j = 1; j < v.cols(); j++) {
                    r = v.func() == VectorFunc.RSUM ? r + w[aRow + j] : Math.max(r, w[aRow + j]);
                }
                w[d + i * v.dstLd()] = VectorMath.canonical(r);
                continue;
            }
            int dRow = d + i * v.dstLd();
            for (int j = 0; j < v.cols(); j++) {
                float bv = switch (v.bMode()) {
                    case NONE -> w[b + i * v.bLd() + j];
                    case ROW -> w[b + j];
                    case COL -> w[b + i * v.bLd()];
                    case SCALAR -> w[b];
                    case IMM -> imm;
                };
                w[dRow + j] = VectorMath.canonical(VectorMath.apply(v.func(), w[aRow + j], bv));
            }
        }
    }

    private void execConfig(Config c) {
        switch (c.key()) {
            case SR_SEED -> machine.setSrSeed(c.value());
            case SR_TENSOR -> machine.setSrTensor((int) c.value());
            case SR_STEP -> machine.setSrStep(c.value());
            case LOSS_SCALE_EXP -> machine.setLossScaleExp((int) c.value());
        }
    }

    private void checkDram(long addr, long rows, long rowBytes, long stride) {
        AccessException.checkRegion("DRAM", addr, rows, rowBytes, stride, machine.dram().size());
    }

    private void checkLocal(Space space, long addr, long rows, long rowBytes, long stride) {
        if (space == Space.ACC) {
            machine.accumulator().check(addr, rows, rowBytes, stride);
        } else if (space == Space.SPAD) {
            machine.scratchpad().check(addr, rows, rowBytes, stride);
        } else {
            throw new IllegalArgumentException("a DMA's local side must be spad or acc, got " + space);
        }
    }
}
