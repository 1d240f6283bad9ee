package io.github.fp8sim.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void prefixedHexIsItsUnsignedValue() {
        assertEquals(0x3C, Hex.hex("0x3C"));
        assertEquals(0x3C, Hex.hex("0x3c"));
        assertEquals(0, Hex.hex("0x00"));
        assertEquals(0x7FC0_0000, Hex.hex("0x7FC00000"));
        assertEquals(0xFFC0_0000, Hex.hex("0xFFC00000"));
        assertEquals(-1, Hex.hex("0XFFFFFFFF"));
    }

    @Test
    void textThatIsNotPrefixedHexOf32BitsIsRefused() {
        for (String bad : new String[] {"3C", "0x", "", "0xG1", "0x1_0000_0000", "0x100000000", "-0x1", "0x-1"}) {
            assertThrows(NumberFormatException.class, () -> Hex.hex(bad), bad);
        }
    }
}
