package io.github.fp8sim.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FloatBitsTest {

    @Test
    void eachElementIsItsRawBitPattern() {
        float[] v = {0.0f, -0.0f, 1.0f, -2.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7FC0_0000), Float.intBitsToFloat(0xFFC0_0001), Float.intBitsToFloat(0x7F80_0001)};
        int[] want = {0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xC020_0000, 0x0000_0001, 0x7F7F_FFFF, 0xFF80_0000,
            0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001};
        assertArrayEquals(want, FloatBits.bits(v));
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), FloatBits.bits(v)[i], "element " + i);
        }
    }

    @Test
    void zerosOfTwoSignsAndTwoNanPayloadsDiffer() {
        assertFalse(Arrays.equals(FloatBits.bits(new float[] {0.0f}), FloatBits.bits(new float[] {-0.0f})));
        assertFalse(Arrays.equals(FloatBits.bits(new float[] {Float.intBitsToFloat(0x7FC0_0000)}),
                FloatBits.bits(new float[] {Float.intBitsToFloat(0x7FC0_0001)})));
    }

    @Test
    void anEmptyArrayHasNoBits() {
        assertArrayEquals(new int[0], FloatBits.bits(new float[0]));
    }
}
