package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.fp8sim.datapath.format.DecodeTable;
import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The premise of the MAC contract: the product of two FP8 values is exact in FP32, so {@code acc + a*b}
 * in Java floats rounds once. Checked for all 65,536 code pairs of every pair of built-in 8-bit formats
 * (mixed pairs included) against the exact BigDecimal product of {@link ExactOracle}'s independent
 * decoding, with the sign of zero products.
 */
class ProductExactnessTest {

    static Stream<Arguments> formatPairs() {
        return FloatFormat.builtIn8Bit().stream()
                .flatMap(fa -> FloatFormat.builtIn8Bit().stream().map(fb -> Arguments.of(fa, fb)));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("formatPairs")
    void everyProductIsExactInFp32(FloatFormat fa, FloatFormat fb) {
        DecodeTable ta = DecodeTable.of(fa);
        DecodeTable tb = DecodeTable.of(fb);
        int checked = 0;
        for (int x = 0; x < 256; x++) {
            if (ExactOracle.kind(fa, x) != ExactOracle.Kind.FINITE) {
                continue;
            }
            BigDecimal vx = ExactOracle.value(fa, x);
            for (int y = 0; y < 256; y++) {
                if (ExactOracle.kind(fb, y) != ExactOracle.Kind.FINITE) {
                    continue;
                }
                float product = ta.decode(x) * tb.decode(y);      // what the MAC array computes
                BigDecimal exact = vx.multiply(ExactOracle.value(fb, y));
                if (new BigDecimal(product).compareTo(exact) != 0) {
                    fail(String.format("%s 0x%02X x %s 0x%02X: FP32 product %s, exact %s", fa, x, fb, y,
                            product, exact.toPlainString()));
                }
                if (exact.signum() == 0) {
                    boolean negative = ExactOracle.isNegative(fa, x) != ExactOracle.isNegative(fb, y);
                    assertEquals(negative, Float.floatToRawIntBits(product) < 0,
                            String.format("sign of zero product 0x%02X x 0x%02X", x, y));
                }
                checked++;
            }
        }
        // Every finite code pair was seen: e5m2 has 256 - 6 NaN - 2 Inf = 248 finite codes, e4m3 254, fnuz 255.
        assertEquals(finiteCodes(fa) * finiteCodes(fb), checked);
    }

    private static int finiteCodes(FloatFormat f) {
        return switch (f.name()) {
            case "e5m2" -> 248;
            case "e4m3" -> 254;
            default -> 255;
        };
    }
}
