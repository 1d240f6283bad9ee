package io.github.fp8sim.runtime.timing;

import java.util.ArrayList;
import java.util.List;

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

/** The memory an instruction reads and writes, as bounding regions (for dependencies and traces). */
public final class Regions {

    private Regions() {
    }

    public static List<Region> reads(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> d.accumulate()   // an accumulating load reads what it adds to
                    ? List.of(Region.of(Space.DRAM, d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride()),
                            Region.of(d.dst(), d.localAddr(), d.rows(), d.localRowBytes(), d.localStride()))
                    : List.of(Region.of(Space.DRAM, d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride()));
            case DmaStore d -> List.of(Region.of(d.src(), d.localAddr(), d.rows(), d.rowBytes(), d.localStride()));
            case Gemm g -> gemmReads(g);
            case Quantize q -> List.of(Region.of(Space.ACC, q.srcAddr(), q.rows(), 4L * q.cols(), 4L * q.srcLd()));
            case VectorOp v -> vectorReads(v);
            case Config c -> List.of();
            case Fence f -> List.of();
            case Halt h -> List.of();
        };
    }

    public static List<Region> writes(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> List.of(Region.of(d.dst(), d.localAddr(), d.rows(), d.localRowBytes(), d.localStride()));
            case DmaStore d -> List.of(Region.of(Space.DRAM, d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride()));
            case Gemm g -> List.of(Region.of(Space.ACC, g.cAddr(), g.m(), 4L * g.n(), 4L * g.ldc()));
            case Quantize q -> {
                long bytes = q.format().bits() / 8;
                yield List.of(Region.of(Space.SPAD, q.dstAddr(), q.rows(), bytes * q.cols(), bytes * q.dstLd()));
            }
            case VectorOp v -> List.of(v.func().arity() == VectorFunc.Arity.REDUCTION
                    ? Region.of(Space.ACC, v.dstAddr(), v.rows(), 4, 4L * v.dstLd())
                    : Region.of(Space.ACC, v.dstAddr(), v.rows(), 4L * v.cols(), 4L * v.dstLd()));
            case Config c -> List.of();
            case Fence f -> List.of();
            case Halt h -> List.of();
        };
    }

    private static List<Region> gemmReads(Gemm g) {
        List<Region> r = new ArrayList<>(4);
        r.add(Region.of(Space.SPAD, g.aAddr(), g.m(), g.k(), g.lda()));
        r.add(Region.of(Space.SPAD, g.bAddr(), g.k(), g.n(), g.ldb()));
        if (g.accumulate()) {
            r.add(Region.of(Space.ACC, g.cAddr(), g.m(), 4L * g.n(), 4L * g.ldc()));
        }
        if (g.preload()) {
            r.add(Region.of(Space.ACC, g.preloadAddr(), g.m(), 4L * g.n(), 4L * g.ldc()));
        }
        return r;
    }

    private static List<Region> vectorReads(VectorOp v) {
        List<Region> r = new ArrayList<>(2);
        r.add(Region.of(Space.ACC, v.aAddr(), v.rows(), 4L * v.cols(), 4L * v.aLd()));
        if (v.func().arity() == VectorFunc.Arity.BINARY) {
            Region b = switch (v.bMode()) {
                case NONE -> Region.of(Space.ACC, v.bAddr(), v.rows(), 4L * v.cols(), 4L * v.bLd());
                case ROW -> Region.of(Space.ACC, v.bAddr(), 1, 4L * v.cols(), 0);
                case COL -> Region.of(Space.ACC, v.bAddr(), v.rows(), 4, 4L * v.bLd());
                case SCALAR -> Region.of(Space.ACC, v.bAddr(), 1, 4, 0);
                case IMM -> null;
            };
            if (b != null) {
                r.add(b);
            }
        }
        return r;
    }

}
