package io.github.fp8sim.isa.insn;

/**
 * {@code config}: sets one machine setting (stochastic-rounding seed and counters, loss scale).
 *
 * @param key   the setting
 * @param value its new value, a 48-bit two's-complement number
 */
public record Config(ConfigKey key, long value) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public Config {
        Check.present("Config.key", key);
        Check.signed("Config.value", value, Widths.CONFIG_VALUE);
    }
}
