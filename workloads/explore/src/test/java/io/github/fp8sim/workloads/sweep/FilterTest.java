package io.github.fp8sim.workloads.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The where filters' tiny expression language, against values computed by hand. */
class FilterTest {

    static final Map<String, Object> V = Map.of("a.x", 3.0, "b.y", 10.0, "c.z", "ws");

    static boolean test(String text) {
        return Filter.parse(text, V.keySet()).test(V::get);
    }

    @Test
    void precedenceAndParentheses() {
        assertEquals(true, test("a.x + 2 * b.y == 23"));        // 3 + 20
        assertEquals(true, test("(a.x + 2) * b.y == 50"));
        assertEquals(true, test("b.y - a.x - 1 == 6"));          // left to right: (10 - 3) - 1
        assertEquals(true, test("b.y / 4 * 2 == 5"));
        assertEquals(true, test("-a.x < 0"));
        assertEquals(true, test("1e3 > 256 * a.x"));             // 1000 > 768
        assertEquals(false, test("1e3 > 512 * a.x"));
    }

    @Test
    void everyComparison() {
        assertEquals(true, test("a.x < 4"));
        assertEquals(false, test("a.x < 3"));
        assertEquals(true, test("a.x <= 3"));
        assertEquals(true, test("a.x > 2.5"));
        assertEquals(true, test("a.x >= 3"));
        assertEquals(true, test("a.x != 4"));
        assertEquals(true, test("c.z == 'ws'"));
        assertEquals(false, test("c.z != \"ws\""));
    }

    @Test
    void errorsSayWhat() {
        assertEquals("unknown name 'd.w' (expected a machine key path, e.g. array.rows)",
                assertThrows(IllegalArgumentException.class, () -> Filter.parse("d.w > 1", Set.of("a.x"))).getMessage());
        assertEquals("expected a comparison (<, <=, >, >=, ==, !=) at the end",
                assertThrows(IllegalArgumentException.class, () -> Filter.parse("a.x + 1", Set.of("a.x"))).getMessage());
        assertEquals("expected ')' at the end",
                assertThrows(IllegalArgumentException.class, () -> Filter.parse("(a.x + 1", Set.of("a.x"))).getMessage());
        assertEquals("expected ')', got '>'",
                assertThrows(IllegalArgumentException.class, () -> Filter.parse("(a.x > 1", Set.of("a.x"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> test("c.z < 1"));
    }
}
