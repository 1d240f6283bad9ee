package io.github.fp8sim.datapath.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.stream.Stream;

import io.github.fp8sim.datapath.oracle.ExactOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The 256-entry decode tables give every code the value the exact oracle gives it. */
class DecodeTableTest {

    static Stream<FloatFormat> eightBitFormats() {
        return Stream.concat(FloatFormat.builtIn8Bit().stream(),
                Stream.of("e3m4", "e2m5", "e4m3b11fnuz", "e2m1fn", "e3m2fnuz").map(FloatFormat::parse));
    }

    @ParameterizedTest
    @MethodSource("eightBitFormats")
    void everyCodeDecodesToTheOraclesValue(FloatFormat f) {
        DecodeTable table = DecodeTable.of(f);
        for (int code = 0; code < (1 << f.totalBits()); code++) {
            float v = table.decode(code);
            switch (ExactOracle.kind(f, code)) {
                case NAN -> assertEquals(true, Float.isNaN(v), f + " code " + code);
                case INFINITE -> assertEquals(ExactOracle.isNegative(f, code) ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY, v);
                default -> {
                    BigDecimal expected = ExactOracle.value(f, code);
                    assertEquals(0, expected.compareTo(new BigDecimal(v)), f + " code " + code);
                    if (expected.signum() == 0) {
                        assertEquals(ExactOracle.isNegative(f, code), Float.floatToRawIntBits(v) < 0, "sign of zero");
                    }
                }
            }
            assertEquals(f.decodeToF32Bits(code), Float.floatToRawIntBits(v), "the table is a cache of decodeToF32Bits");
        }
    }

    @Test
    void tablesAreSharedAndOnlyFor8BitFormats() {
        assertSame(DecodeTable.of(FloatFormat.E5M2), DecodeTable.of(FloatFormat.parse("e5m2")));
        assertThrows(IllegalArgumentException.class, () -> DecodeTable.of(FloatFormat.FP16));
    }
}
