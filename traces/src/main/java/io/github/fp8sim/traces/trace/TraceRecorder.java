package io.github.fp8sim.traces.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.isa.Encoder;
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
import io.github.fp8sim.runtime.exec.ExecListener;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;

/**
 * The tracing listener: one {@link TraceRow} per executed instruction. Add it to the interpreter
 * after the {@link Accounting} listener, whose {@code last()} step gives the unit and cycles. In
 * functional mode every region the instruction wrote is summarised by a CRC-32C over the exact
 * bytes written (strided regions row by row; accumulator words little-endian); in timing mode no
 * value is computed and the {@code writes} field is empty.
 */
public final class TraceRecorder implements ExecListener {

    /** Rows of {@code rowBytes} bytes, {@code stride} apart, from {@code addr} in {@code space}. */
    record Written(Space space, long addr, long rows, long rowBytes, long stride) {
    }

    private final Machine machine;
    private final Mode mode;
    private final Accounting accounting;
    private final List<TraceRow> rows = new ArrayList<>();

    public TraceRecorder(Machine machine, Mode mode, Accounting accounting) {
        this.machine = machine;
        this.mode = mode;
        this.accounting = accounting;
    }

    @Override
    public void executed(int index, Instruction insn) {
        Accounting.Step s = accounting.last();
        if (s == null || s.index() != index) {
            throw new IllegalStateException("the trace recorder must be added after the accounting listener");
        }
        rows.add(new TraceRow(0, String.valueOf(rows.size()), Trace.hexAddr(32L * index),
                Trace.hex(Encoder.encodeBytes(insn)), Disassembler.disassemble(insn), s.cost().unit().key(),
                String.valueOf(s.slot().start()), String.valueOf(s.slot().end()), String.valueOf(s.cost().bytesMoved()),
                mode == Mode.TIMING ? "" : writes(insn)));
    }

    /** The rows recorded so far. */
    public List<TraceRow> rows() {
        return List.copyOf(rows);
    }

    private String writes(Instruction insn) {
        StringBuilder sb = new StringBuilder();
        for (Written w : written(insn)) {
            if (w.rows() <= 0 || w.rowBytes() <= 0) {
                continue;
            }
            CRC32C crc = new CRC32C();
            byte[] row = new byte[(int) w.rowBytes()];
            for (long r = 0; r < w.rows(); r++) {
                read(w.space(), w.addr() + r * w.stride(), row);
                crc.update(row);
            }
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(w.space().text()).append(":0x").append(Long.toHexString(w.addr()).toUpperCase(Locale.ROOT))
                    .append('+').append(w.rows() * w.rowBytes())
                    .append(String.format(Locale.ROOT, "=0x%08X", crc.getValue()));
        }
        return sb.toString();
    }

    private void read(Space space, long addr, byte[] dst) {
        switch (space) {
            case DRAM -> machine.dram().read(addr, dst, 0, dst.length);
            case SPAD -> System.arraycopy(machine.scratchpad().data(), (int) addr, dst, 0, dst.length);
            case ACC -> {
                float[] words = machine.accumulator().words();
                for (int i = 0; i < dst.length; i++) {
                    long b = addr + i;
                    dst[i] = (byte) (Float.floatToRawIntBits(words[(int) (b >>> 2)]) >>> (8 * (int) (b & 3)));
                }
            }
        }
    }

    /** What an instruction writes, row by row (the exact form of {@code Regions.writes}). */
    static List<Written> written(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> List.of(new Written(d.dst(), d.localAddr(), d.rows(), d.localRowBytes(), d.localStride()));
            case DmaStore d -> List.of(new Written(Space.DRAM, d.dramAddr(), d.rows(), d.rowBytes(), d.dramStride()));
            case Gemm g -> List.of(new Written(Space.ACC, g.cAddr(), g.m(), 4L * g.n(), 4L * g.ldc()));
            case Quantize q -> {
                long bytes = q.format().bits() / 8;
                yield List.of(new Written(Space.SPAD, q.dstAddr(), q.rows(), bytes * q.cols(), bytes * q.dstLd()));
            }
            case VectorOp v -> List.of(v.func().arity() == VectorFunc.Arity.REDUCTION
                    ? new Written(Space.ACC, v.dstAddr(), v.rows(), 4, 4L * v.dstLd())
                    : new Written(Space.ACC, v.dstAddr(), v.rows(), 4L * v.cols(), 4L * v.dstLd()));
            case Config c -> List.of();
            case Fence f -> List.of();
            case Halt h -> List.of();
        };
    }
}
