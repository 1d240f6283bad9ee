package io.github.fp8sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV tables: a header names each column once, or the table is an input error naming the column. */
class CsvTableTest {

    private static CsvTable parse(String text) {
        return CsvTable.parse("t.csv", new StringReader(text));
    }

    @Test
    void aHeaderNamingAColumnTwiceIsAnInputErrorNamingTheColumn() {
        String dup = """
                version,unit,id,kind,kind,a_format
                fp8sim-vectors/1,mac,0,edge,x,e4m3
                """;
        assertEquals("t.csv: line 1, column kind: the header names this column twice (columns 4 and 5); expected each column name once",
                assertThrows(InputException.class, () -> parse(dup)).getMessage());
        // Spaces around names are dropped before the names are compared.
        assertEquals("t.csv: line 1, column b: the header names this column twice (columns 2 and 4); expected each column name once",
                assertThrows(InputException.class, () -> parse("a, b ,c,b\n1,2,3,4\n")).getMessage());
    }

    @Test
    void namesThatDifferOnlyInCaseAreDifferentColumns() {
        CsvTable t = parse("Kind,kind\nx,y\n");
        assertEquals(List.of("Kind", "kind"), t.header());
        assertEquals("y", t.get(t.rows().get(0), "kind"));
    }

    @Test
    void aBlankHeaderNameIsStillABadHeader() {
        assertEquals("t.csv: line 1: bad header (A header name is missing in [a, , b])",
                assertThrows(InputException.class, () -> parse("a,,b\n1,2,3\n")).getMessage());
    }
}
