package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** The machine settings a {@link Config} instruction writes. */
public enum ConfigKey implements Coded {
    /** Seed of the stochastic-rounding random source. */
    SR_SEED(0),
    /** Tensor id t of the counter-based (Philox) random source. */
    SR_TENSOR(1),
    /** Step s of the counter-based (Philox) random source. */
    SR_STEP(2),
    /** Loss scale as a power of two. */
    LOSS_SCALE_EXP(3);

    private final int code;

    ConfigKey(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code sr_seed}, {@code sr_tensor}, {@code sr_step}, {@code loss_scale_exp}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static ConfigKey parse(String text) {
        return Enums.parse(ConfigKey.class, text, "config key");
    }

    /** The key with binary code {@code code}; IllegalArgumentException otherwise. */
    public static ConfigKey fromCode(int code) {
        return Enums.fromCode(ConfigKey.class, code);
    }
}
