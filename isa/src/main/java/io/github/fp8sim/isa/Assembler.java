package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.isa.insn.Widths;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Assembly text to a {@link Program}. One instruction per line; {@code #} or {@code ;} starts a comment;
 * blank lines are ignored. A line is a mnemonic followed by {@code key=value} operands in any order,
 * separated by spaces or tabs:
 * <pre>
 * dma.load  dst=spad:0x0 dram=0x10000 rows=16 bytes=64 [dram_stride=bytes] [local_stride=bytes]
 *           (dst=acc also: [from=raw|e5m2|...|fp16|bf16|fp32] [write=overwrite|accumulate])
 * dma.store src=acc:0x0 dram=0x20000 rows=16 bytes=64 [local_stride=bytes] [dram_stride=bytes]
 * gemm      c=acc:A a=spad:A b=spad:A m= n= k= [lda=k] [ldb=n] [ldc=n] df=os|ws|is fa=FMT fb=FMT
 *           [init=zero|accumulate|preload:acc:A]
 * quant     dst=spad:A src=acc:A rows= cols= [src_ld=cols] [dst_ld=cols] fmt=FMT rnd=rne|rz|sr
 *           [sr_bits=8] [ovf=saturate|inf] [scale=0]
 * vop.F     dst=acc:A a=acc:A rows= cols= [dst_ld=cols, 1 for rsum/rmax] [a_ld=cols]
 *           binary F only: b=acc:A [b_ld=cols, 1 for bcast=col] [bcast=none|row|col|scalar|imm]
 *           with bcast=imm: imm=1.5 or imm=0x3FC00000 instead of b and b_ld; no b_ld for row, scalar
 * config    sr_seed=N | sr_tensor=N | sr_step=N | loss_scale_exp=N
 * fence     [dma] [mac] [vector]      (no unit: all three)
 * halt
 * </pre>
 * Numbers are decimal or {@code 0x} hex ({@code -} allowed for signed fields: scale, config values).
 * Decimal immediates are FP32 values rounded to nearest even; hex immediates are bit patterns.
 * Errors are {@link AsmException}s: {@code FILE:LINE:COLUMN: what was expected, what was found}; the
 * column is 1-based (a tab is one column) and points at the offending token, or at the mnemonic for a
 * missing key.
 */
public final class Assembler {
    private static final Pattern NUMBER = Pattern.compile("-?(0[xX][0-9a-fA-F]+|[0-9]+)");
    private static final Pattern HEX_BITS = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private static final List<String> MNEMONICS =
            List.of("dma.load", "dma.store", "gemm", "quant", "vop.<func>", "config", "fence", "halt");
    private static final List<String> FENCE_UNITS = List.of("dma", "mac", "vector");

    private Assembler() {
    }

    /**
     * Assembles a whole source text (a leading byte-order mark is dropped); the program remembers each
     * instruction's line ({@link Program#source()}).
     *
     * @param text     the source
     * @param fileName its name, for messages
     * @throws AsmException at the first malformed line
     */
    public static Program assemble(String text, String fileName) {
        List<Instruction> out = new ArrayList<>();
        // a byte-order mark that some editors put at the start of UTF-8 text is not part of the first line
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\n", -1);
        int[] sourceLines = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            Instruction insn = parseLine(lines[i], fileName, i + 1);
            if (insn != null) {
                sourceLines[out.size()] = i + 1;
                out.add(insn);
            }
        }
        return new Program(out, SourceMap.assembly(fileName, Arrays.copyOf(sourceLines, out.size())));
    }

    /** Assembles a single line holding one instruction (messages name {@code <input>}, line 1). */
    public static Instruction assembleLine(String line) {
        Instruction insn = parseLine(line, "<input>", 1);
        if (insn == null) {
            throw new AsmException("<input>", 1, 1, "expected an instruction, found an empty line");
        }
        return insn;
    }

    private record Token(String text, int column) {
    }

    private static Instruction parseLine(String raw, String file, int lineNo) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        List<Token> tokens = tokenize(line);
        if (tokens.isEmpty()) {
            return null;
        }
        Token mnemonic = tokens.get(0);
        List<Token> operands = tokens.subList(1, tokens.size());
        Ctx ctx = new Ctx(file, lineNo, mnemonic);
        Instruction insn;
        try {
            insn = switch (mnemonic.text()) {
                case "halt" -> halt(ctx, operands);
                case "fence" -> fence(ctx, operands);
                case "config" -> config(ctx, operands);
                case "dma.load" -> dmaLoad(ctx, operands);
                case "dma.store" -> dmaStore(ctx, operands);
                case "gemm" -> gemm(ctx, operands);
                case "quant" -> quant(ctx, operands);
                default -> {
                    if (mnemonic.text().startsWith("vop.")) {
                        yield vop(ctx, operands);
                    }
                    throw ctx.error(mnemonic.column(), "unknown mnemonic '" + abbreviate(mnemonic.text()) + "' (expected one of "
                            + String.join(", ", MNEMONICS) + ")");
                }
            };
        } catch (IllegalArgumentException e) {
            // A combination the record rejects and the syntax did not already catch.
            throw ctx.error(mnemonic.column(), e.getMessage());
        }
        return insn;
    }

    /** A token as quoted in a message: at most 40 characters. */
    private static String abbreviate(String token) {
        return token.length() <= 40 ? token : token.substring(0, 37) + "...";
    }

    private static List<Token> tokenize(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#' || c == ';') {
                end = i;
                break;
            }
        }
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < end) {
            if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                i++;
                continue;
            }
            int start = i;
            while (i < end && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            tokens.add(new Token(line.substring(start, i), start + 1));
        }
        return tokens;
    }

    // ---- one method per mnemonic -------------------------------------------------------------------

    private static Halt halt(Ctx ctx, List<Token> operands) {
        if (!operands.isEmpty()) {
            throw ctx.error(operands.get(0).column(), "halt takes no operands, found '" + operands.get(0).text() + "'");
        }
        return new Halt();
    }

    private static Fence fence(Ctx ctx, List<Token> operands) {
        if (operands.isEmpty()) {
            return Fence.all();
        }
        Map<String, Token> seen = new LinkedHashMap<>();
        for (Token t : operands) {
            if (!FENCE_UNITS.contains(t.text())) {
                throw ctx.error(t.column(), "unknown unit '" + t.text() + "' for fence (expected one of "
                        + String.join(", ", FENCE_UNITS) + ")");
            }
            Token first = seen.putIfAbsent(t.text(), t);
            if (first != null) {
                throw ctx.error(t.column(), "duplicate unit '" + t.text() + "' (first at column " + first.column() + ")");
            }
        }
        return new Fence(seen.containsKey("dma"), seen.containsKey("mac"), seen.containsKey("vector"));
    }

    private static Config config(Ctx ctx, List<Token> operands) {
        List<String> keys = Arrays.stream(ConfigKey.values()).map(ConfigKey::text).toList();
        Operands ops = new Operands(ctx, operands, keys);
        if (operands.isEmpty()) {
            throw ctx.error(ctx.mnemonic().column(), "config needs one setting key=value (keys: "
                    + String.join(", ", keys) + ")");
        }
        if (operands.size() > 1) {
            throw ctx.error(operands.get(1).column(), "config takes one setting, found a second: '"
                    + operands.get(1).text() + "'");
        }
        String key = ops.keys.keySet().iterator().next();
        return new Config(ConfigKey.parse(key), ops.signed(key, Widths.CONFIG_VALUE, null));
    }

    private static DmaLoad dmaLoad(Ctx ctx, List<Token> operands) {
        Operands ops = new Operands(ctx, operands,
                List.of("dst", "dram", "rows", "bytes", "dram_stride", "local_stride", "from", "write"));
        Space dst = ops.localSpace("dst");
        long local = ops.localAddr("dst");
        long dram = ops.unsigned("dram", Widths.DRAM_ADDR, null);
        int rows = (int) ops.unsigned("rows", Widths.DIM, null);
        int bytes = (int) ops.unsigned("bytes", Widths.DIM, null);
        long dramStride = ops.unsigned("dram_stride", Widths.STRIDE, (long) bytes);
        NumFormat from = null;
        boolean accumulate = false;
        if (dst == Space.ACC) {
            Token f = ops.values.get("from");
            if (f != null && !f.text().equals("raw")) {
                from = ops.choice("from", NumFormat::parse, null);
            }
            Token w = ops.values.get("write");
            if (w != null && !w.text().equals("overwrite")) {
                if (!w.text().equals("accumulate")) {
                    throw ctx.error(w.column(), "expected overwrite or accumulate for 'write', found '" + w.text() + "'");
                }
                accumulate = true;
            }
        } else {
            ops.forbid("from", "dst=spad (a scratchpad load copies bytes)");
            ops.forbid("write", "dst=spad (a scratchpad load copies bytes)");
        }
        long localStride = ops.unsigned("local_stride", Widths.STRIDE,
                from == null ? (long) bytes : (long) bytes / (from.bits() / 8) * 4);
        if (from != null && bytes % (from.bits() / 8) != 0) {
            throw ctx.error(ops.values.get("bytes").column(), "bytes=" + bytes + " is not a whole number of "
                    + from.text() + " elements");
        }
        return new DmaLoad(dst, dram, local, rows, bytes, dramStride, localStride, from, accumulate);
    }

    private static DmaStore dmaStore(Ctx ctx, List<Token> operands) {
        Operands ops = new Operands(ctx, operands,
                List.of("src", "dram", "rows", "bytes", "local_stride", "dram_stride"));
        Space src = ops.localSpace("src");
        long local = ops.localAddr("src");
        long dram = ops.unsigned("dram", Widths.DRAM_ADDR, null);
        int rows = (int) ops.unsigned("rows", Widths.DIM, null);
        int bytes = (int) ops.unsigned("bytes", Widths.DIM, null);
        long localStride = ops.unsigned("local_stride", Widths.STRIDE, (long) bytes);
        long dramStride = ops.unsigned("dram_stride", Widths.STRIDE, (long) bytes);
        return new DmaStore(src, local, dram, rows, bytes, localStride, dramStride);
    }

    private static Gemm gemm(Ctx ctx, List<Token> operands) {
        Operands ops = new Operands(ctx, operands,
                List.of("c", "a", "b", "m", "n", "k", "lda", "ldb", "ldc", "df", "fa", "fb", "init"));
        long c = ops.addr("c", Space.ACC);
        long a = ops.addr("a", Space.SPAD);
        long b = ops.addr("b", Space.SPAD);
        int m = (int) ops.unsigned("m", Widths.DIM, null);
        int n = (int) ops.unsigned("n", Widths.DIM, null);
        int k = (int) ops.unsigned("k", Widths.DIM, null);
        int lda = (int) ops.unsigned("lda", Widths.DIM, (long) k);
        int ldb = (int) ops.unsigned("ldb", Widths.DIM, (long) n);
        int ldc = (int) ops.unsigned("ldc", Widths.DIM, (long) n);
        Dataflow df = ops.choice("df", Dataflow::parse, null);
        NumFormat fa = ops.fp8("fa");
        NumFormat fb = ops.fp8("fb");
        boolean accumulate = false;
        boolean preload = false;
        long preloadAddr = 0;
        Token init = ops.values.get("init");
        if (init != null) {
            String v = init.text();
            if (v.equals("accumulate")) {
                accumulate = true;
            } else if (v.startsWith("preload:")) {
                preload = true;
                preloadAddr = ops.addrIn("init", v.substring("preload:".length()),
                        init.column() + "preload:".length(), Space.ACC);
            } else if (!v.equals("zero")) {
                throw ctx.error(init.column(), "expected zero, accumulate or preload:acc:ADDRESS for 'init', found '"
                        + v + "'");
            }
        }
        return new Gemm(c, a, b, m, n, k, lda, ldb, ldc, df, fa, fb, accumulate, preload, preloadAddr);
    }

    private static Quantize quant(Ctx ctx, List<Token> operands) {
        Operands ops = new Operands(ctx, operands, List.of("dst", "src", "rows", "cols", "src_ld", "dst_ld", "fmt",
                "rnd", "sr_bits", "ovf", "scale"));
        long dst = ops.addr("dst", Space.SPAD);
        long src = ops.addr("src", Space.ACC);
        int rows = (int) ops.unsigned("rows", Widths.DIM, null);
        int cols = (int) ops.unsigned("cols", Widths.DIM, null);
        int srcLd = (int) ops.unsigned("src_ld", Widths.DIM, (long) cols);
        int dstLd = (int) ops.unsigned("dst_ld", Widths.DIM, (long) cols);
        NumFormat fmt = ops.choice("fmt", NumFormat::parse, null);
        RoundMode rnd = ops.choice("rnd", RoundMode::parse, null);
        int srBits = (int) ops.number("sr_bits", 1, Widths.maxUnsigned(Widths.SR_BITS), 8L);
        OverflowMode ovf = ops.choice("ovf", OverflowMode::parse, OverflowMode.SATURATE);
        int scale = (int) ops.signed("scale", Widths.SCALE_EXP, 0L);
        return new Quantize(dst, src, rows, cols, srcLd, dstLd, fmt, rnd, ovf, srBits, scale);
    }

    private static VectorOp vop(Ctx ctx, List<Token> operands) {
        Token mn = ctx.mnemonic();
        String name = mn.text().substring("vop.".length());
        VectorFunc func;
        try {
            func = VectorFunc.parse(name);
        } catch (IllegalArgumentException e) {
            throw ctx.error(mn.column() + "vop.".length(), e.getMessage());
        }
        boolean binary = func.arity() == VectorFunc.Arity.BINARY;
        List<String> keys = binary
                ? List.of("dst", "a", "b", "rows", "cols", "dst_ld", "a_ld", "b_ld", "bcast", "imm")
                : List.of("dst", "a", "rows", "cols", "dst_ld", "a_ld");
        Operands ops = new Operands(ctx, operands, keys);
        long dst = ops.addr("dst", Space.ACC);
        long a = ops.addr("a", Space.ACC);
        Broadcast mode = binary ? ops.choice("bcast", Broadcast::parse, Broadcast.NONE) : Broadcast.NONE;
        String modeText = "bcast=" + mode.text();
        long b = 0;
        if (binary && mode != Broadcast.IMM) {
            b = ops.addr("b", Space.ACC);
        } else {
            ops.forbid("b", modeText);
        }
        int rows = (int) ops.unsigned("rows", Widths.DIM, null);
        int cols = (int) ops.unsigned("cols", Widths.DIM, null);
        int dstLd = (int) ops.unsigned("dst_ld", Widths.DIM,
                func.arity() == VectorFunc.Arity.REDUCTION ? 1L : (long) cols);
        int aLd = (int) ops.unsigned("a_ld", Widths.DIM, (long) cols);
        int bLd = 0;
        if (binary && mode == Broadcast.NONE) {
            bLd = (int) ops.unsigned("b_ld", Widths.DIM, (long) cols);
        } else if (binary && mode == Broadcast.COL) {
            bLd = (int) ops.unsigned("b_ld", Widths.DIM, 1L);
        } else {
            ops.forbid("b_ld", modeText);
        }
        int imm = 0;
        if (binary && mode == Broadcast.IMM) {
            imm = ops.imm("imm");
        } else {
            ops.forbid("imm", modeText);
        }
        return new VectorOp(func, dst, a, b, rows, cols, dstLd, aLd, bLd, mode, imm);
    }

    // ---- shared parsing -----------------------------------------------------------------------------

    /** Where messages point: file, line, and the mnemonic token (for missing keys). */
    private record Ctx(String file, int line, Token mnemonic) {
        AsmException error(int column, String problem) {
            return new AsmException(file, line, column, problem);
        }
    }

    /** The key=value operands of one line, checked for shape, unknown and duplicate keys on the way in. */
    private static final class Operands {
        final Ctx ctx;
        final Map<String, Token> keys = new LinkedHashMap<>();
        final Map<String, Token> values = new LinkedHashMap<>();

        Operands(Ctx ctx, List<Token> tokens, List<String> allowed) {
            this.ctx = ctx;
            for (Token t : tokens) {
                int eq = t.text().indexOf('=');
                if (eq <= 0) {
                    throw ctx.error(t.column(), "expected key=value, found '" + t.text() + "'");
                }
                String key = t.text().substring(0, eq);
                if (!allowed.contains(key)) {
                    throw ctx.error(t.column(), "unknown key '" + key + "' for " + ctx.mnemonic().text()
                            + " (expected one of " + String.join(", ", allowed) + ")");
                }
                Token first = keys.get(key);
                if (first != null) {
                    throw ctx.error(t.column(), "duplicate key '" + key + "' (first at column " + first.column() + ")");
                }
                if (eq == t.text().length() - 1) {
                    throw ctx.error(t.column() + eq + 1, "expected a value after '" + key + "=', found nothing");
                }
                keys.put(key, t);
                values.put(key, new Token(t.text().substring(eq + 1), t.column() + eq + 1));
            }
        }

        /** The value token of a key that has no default. */
        Token required(String key) {
            Token v = values.get(key);
            if (v == null) {
                throw ctx.error(ctx.mnemonic().column(), "missing key '" + key + "' for " + ctx.mnemonic().text());
            }
            return v;
        }

        /** Rejects a key this form of the instruction does not read. */
        void forbid(String key, String why) {
            Token t = keys.get(key);
            if (t != null) {
                throw ctx.error(t.column(), "key '" + key + "' is not used by " + ctx.mnemonic().text() + " with " + why);
            }
        }

        long unsigned(String key, int bits, Long dflt) {
            return number(key, 0, Widths.maxUnsigned(bits), dflt);
        }

        long signed(String key, int bits, Long dflt) {
            return number(key, Widths.minSigned(bits), Widths.maxSigned(bits), dflt);
        }

        long number(String key, long min, long max, Long dflt) {
            Token v = dflt == null ? required(key) : values.get(key);
            return v == null ? dflt : parseNumber(key, v.text(), v.column(), min, max);
        }

        long parseNumber(String key, String text, int column, long min, long max) {
            if (!NUMBER.matcher(text).matches()) {
                throw ctx.error(column, "expected a number (decimal or 0x hex) for '" + key + "', found '" + text + "'");
            }
            boolean negative = text.startsWith("-");
            String digits = negative ? text.substring(1) : text;
            BigInteger value = digits.length() > 2 && (digits.startsWith("0x") || digits.startsWith("0X"))
                    ? new BigInteger(digits.substring(2), 16)
                    : new BigInteger(digits);
            if (negative) {
                value = value.negate();
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw ctx.error(column, "value " + text + " for '" + key + "' is out of range " + min + ".." + max
                        + (min == 0 && max > 0xFFFF ? " (" + Disassembler.hex(max) + ")" : ""));
            }
            return value.longValueExact();
        }

        /** {@code space:ADDRESS} where the space must be {@code want}. */
        long addr(String key, Space want) {
            Token v = required(key);
            return addrIn(key, v.text(), v.column(), want);
        }

        long addrIn(String key, String text, int column, Space want) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw ctx.error(column, "expected " + want.text() + ":ADDRESS for '" + key + "', found '" + text + "'");
            }
            Space space = space(key, text.substring(0, colon), column);
            if (space != want) {
                throw ctx.error(column, "'" + key + "' must be in " + want.text() + " (" + want.text()
                        + ":ADDRESS), found " + space.text());
            }
            return parseNumber(key, text.substring(colon + 1), column + colon + 1, 0,
                    Widths.maxUnsigned(Widths.LOCAL_ADDR));
        }

        /** The space of a DMA operand {@code spad:ADDRESS} or {@code acc:ADDRESS}. */
        Space localSpace(String key) {
            Token v = required(key);
            int colon = v.text().indexOf(':');
            if (colon < 0) {
                throw ctx.error(v.column(), "expected spad:ADDRESS or acc:ADDRESS for '" + key + "', found '"
                        + v.text() + "'");
            }
            Space space = space(key, v.text().substring(0, colon), v.column());
            if (space == Space.DRAM) {
                throw ctx.error(v.column(), "'" + key + "' must be in spad or acc, found dram");
            }
            return space;
        }

        long localAddr(String key) {
            Token v = required(key);
            int colon = v.text().indexOf(':');
            return parseNumber(key, v.text().substring(colon + 1), v.column() + colon + 1, 0,
                    Widths.maxUnsigned(Widths.LOCAL_ADDR));
        }

        private Space space(String key, String text, int column) {
            try {
                return Space.parse(text);
            } catch (IllegalArgumentException e) {
                throw ctx.error(column, e.getMessage() + " in '" + key + "'");
            }
        }

        <E> E choice(String key, Function<String, E> parse, E dflt) {
            Token v = dflt == null ? required(key) : values.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                return parse.apply(v.text());
            } catch (IllegalArgumentException e) {
                throw ctx.error(v.column(), e.getMessage() + " for '" + key + "'");
            }
        }

        NumFormat fp8(String key) {
            NumFormat f = choice(key, NumFormat::parse, null);
            if (!f.isFp8()) {
                String fp8 = Arrays.stream(NumFormat.values()).filter(NumFormat::isFp8).map(NumFormat::text)
                        .collect(Collectors.joining(", "));
                throw ctx.error(values.get(key).column(), "'" + key + "' must be an 8-bit format (" + fp8
                        + "), found " + f.text());
            }
            return f;
        }

        /** An FP32 immediate: a decimal value (rounded to nearest even) or a 0x bit pattern. */
        int imm(String key) {
            Token v = required(key);
            String text = v.text();
            if (HEX_BITS.matcher(text).matches()) {
                return (int) parseNumber(key, text, v.column(), 0, Widths.maxUnsigned(Widths.IMM));
            }
            if (!DECIMAL.matcher(text).matches()) {
                throw ctx.error(v.column(), "expected an FP32 value (like 1.5) or bit pattern (like 0x3FC00000) for '"
                        + key + "', found '" + text + "'");
            }
            float f = Float.parseFloat(text);
            if (Float.isInfinite(f)) {
                throw ctx.error(v.column(), key + "=" + text + " overflows FP32 (write 0x7F800000 for +Inf)");
            }
            String mantissa = text.split("[eE]")[0];
            if (f == 0 && mantissa.matches(".*[1-9].*")) {
                throw ctx.error(v.column(), key + "=" + text + " underflows FP32 to zero");
            }
            return Float.floatToRawIntBits(f);
        }
    }
}
