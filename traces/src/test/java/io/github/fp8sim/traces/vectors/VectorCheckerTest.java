package io.github.fp8sim.traces.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** vectors check: clean files pass, one flipped bit is found with its line and field, bad files are rejected. */
class VectorCheckerTest {

    static CsvTable csv(String name, String text) {
        return CsvTable.parse(name, new StringReader(text));
    }

    /** The actual file a testbench would write: key columns plus results. */
    static String actual(VectorTable t, List<String> columns, int flipRow, String flipColumn) {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (int i = 0; i < t.rows().size(); i++) {
            List<String> v = new ArrayList<>();
            for (String c : columns) {
                String x = t.get(i, c);
                if (i == flipRow && c.equals(flipColumn)) {
                    x = String.format("0x%08X", Integer.parseUnsignedInt(x.substring(2), 16) ^ 1);
                }
                v.add(x);
            }
            sb.append(String.join(",", v)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void cleanActualPassesAndOneFlippedBitIsReportedWithLineAndField() {
        VectorTable t = VectorGenerator.generate(VectorGeneratorTest.spec(VectorUnit.MAC, "e4m3", 3, 500));
        CsvTable expected = csv("V.csv", t.toCsv());
        List<String> cols = List.of("id", "a_hex", "b_hex", "acc_hex", "result_hex");
        assertEquals(List.of(), VectorChecker.check(expected, csv("A.csv", actual(t, cols, -1, null))));
        // Lower-case hex is the same number.
        assertEquals(List.of(), VectorChecker.check(expected, csv("A.csv", actual(t, cols, -1, null).toLowerCase())));
        List<VectorChecker.Mismatch> m = VectorChecker.check(expected, csv("A.csv", actual(t, cols, 300, "result_hex")));
        assertEquals(1, m.size(), m.toString());
        assertEquals(302, m.get(0).line(), "header is line 1, row 0 is line 2");
        assertEquals("result_hex", m.get(0).field());
        assertEquals(t.get(300, "result_hex"), m.get(0).expected());
        assertTrue(m.get(0).toString().contains("line 302") && m.get(0).toString().contains("result_hex"), m.get(0).toString());
    }

    @Test
    void flagsCompareAsSets() {
        VectorTable t = VectorGenerator.generate(VectorGeneratorTest.spec(VectorUnit.QUANTIZE, "e5m2", 3, 0));
        CsvTable expected = csv("V.csv", t.toCsv());
        StringBuilder sb = new StringBuilder("f32_hex,code_hex,flags\n");
        int changed = -1;
        for (int i = 0; i < t.rows().size(); i++) {
            String flags = t.get(i, "flags");
            if (flags.equals("inexact|underflow") && changed < 0) {
                flags = "underflow|inexact";
            } else if (flags.equals("invalid") && changed < 0) {
                flags = "";
                changed = i;
            }
            sb.append(t.get(i, "f32_hex")).append(',').append(t.get(i, "code_hex")).append(',').append(flags).append('\n');
        }
        List<VectorChecker.Mismatch> m = VectorChecker.check(expected, csv("A.csv", sb.toString()));
        assertEquals(1, m.size(), m.toString());
        assertEquals(changed + 2, m.get(0).line());
        assertEquals("flags", m.get(0).field());
    }

    @Test
    void malformedFilesAreInputErrorsNamingTheLine() {
        VectorTable t = VectorGenerator.generate(VectorGeneratorTest.spec(VectorUnit.MAC, "e5m2", 3, 50));
        CsvTable expected = csv("V.csv", t.toCsv());
        String good = actual(t, List.of("a_hex", "result_hex"), -1, null);
        String badHex = good.replaceFirst("\n([^\n]*)\n([^,]*),0x[0-9A-F]+\n", "\n$1\n$2,0xZZ\n");
        InputException e = assertThrows(InputException.class, () -> VectorChecker.check(expected, csv("A.csv", badHex)));
        assertTrue(e.getMessage().startsWith("A.csv: line 3, column result_hex"), e.getMessage());
        InputException fields = assertThrows(InputException.class,
                () -> VectorChecker.check(expected, csv("A.csv", good.replaceFirst("\n([^\n]*)\n", "\n$1,extra\n"))));
        assertTrue(fields.getMessage().startsWith("A.csv: line 2"), fields.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> VectorChecker.check(expected, csv("A.csv", "a_hex\n0x01\n")));
        assertTrue(missing.getMessage().contains("missing column 'result_hex'"), missing.getMessage());
        InputException version = assertThrows(InputException.class,
                () -> VectorChecker.check(csv("V.csv", t.toCsv().replace("fp8sim-vectors/1", "fp8sim-vectors/9")), csv("A.csv", good)));
        assertTrue(version.getMessage().startsWith("V.csv: line 2, column version"), version.getMessage());
        InputException rows = assertThrows(InputException.class,
                () -> VectorChecker.check(expected, csv("A.csv", good.substring(0, good.lastIndexOf('\n', good.length() - 2) + 1))));
        assertTrue(rows.getMessage().contains("expected " + t.rows().size() + " rows"), rows.getMessage());
    }

    @Test
    void theModelRecomputesEveryUnitAndFindsATamperedRow() {
        for (VectorUnit unit : VectorUnit.values()) {
            VectorTable t = VectorGenerator.generate(VectorGeneratorTest.spec(unit, "e5m2", 9, 1200));
            assertEquals(List.of(), VectorModel.verify(csv("V.csv", t.toCsv())), unit.cliName());
            String column = unit.resultColumns().get(0);
            String last = t.get(1100, column);
            String flipped = last.substring(0, last.length() - 1) + (last.endsWith("0") ? "1" : "0");
            List<String> lines = new ArrayList<>(List.of(t.toCsv().split("\\n")));
            String[] fields = lines.get(1101).split(",", -1);
            fields[t.header().indexOf(column)] = flipped;
            lines.set(1101, String.join(",", fields));
            List<VectorChecker.Mismatch> m = VectorModel.verify(csv("V.csv", String.join("\n", lines) + "\n"));
            assertEquals(1, m.size(), unit + " " + m);
            assertEquals(1102, m.get(0).line());
        }
    }

    @Test
    void operandFormatsWiderThan8BitsAreInputErrorsNamingLineAndColumn() {
        String mac = """
                version,unit,id,kind,a_format,b_format,a_hex,b_hex,acc_hex,result_hex
                fp8sim-vectors/1,mac,4,edge,e4m6,e4m3,0x00,0x07,0x00000000,0x00000000
                """;
        assertEquals("V.csv: line 2, column a_format: expected an 8-bit (or narrower) format, as the MAC array takes, got e4m6 (11 bits)",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv", mac))).getMessage());
        String dot = """
                version,unit,id,kind,a_format,b_format,k,order,a_hex,b_hex,acc_hex,result_hex
                fp8sim-vectors/1,dot,1,edge,e4m3,bf16,1,os,0x00,0x0000,0x00000000,0x00000000
                """;
        assertEquals("V.csv: line 2, column b_format: expected an 8-bit (or narrower) format, as the MAC array takes, got bf16 (16 bits)",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv", dot))).getMessage());
        String tile = """
                version,unit,id,kind,a_format,b_format,m,k,n,dataflow,array_rows,array_cols,preload,a_hex,b_hex,c_hex,result_hex,compute_cycles
                fp8sim-vectors/1,tile,1,edge,e4m3,e4m3,1,1,1,os,1,1,0,0x00,0x00,,0x00000000,1
                fp8sim-vectors/1,tile,2,edge,fp16,e4m3,1,1,1,os,1,1,0,0x0000,0x00,,0x00000000,1
                """;
        assertEquals("V.csv: line 3, column a_format: expected an 8-bit (or narrower) format, as the MAC array takes, got fp16 (16 bits)",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv", tile))).getMessage());
    }

    @Test
    void operandCodesAndWordsWiderThanTheirColumnAreInputErrors() {
        String header = "version,unit,id,kind,a_format,b_format,a_hex,b_hex,acc_hex,result_hex\n";
        assertEquals("V.csv: line 2, column a_hex: expected e3m2 codes (0x00..0x3F), got 0xFF",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv",
                        header + "fp8sim-vectors/1,mac,0,edge,e3m2,e4m3,0xFF,0x07,0x00000000,0x00000000\n"))).getMessage());
        assertEquals("V.csv: line 2, column b_hex: expected e4m3 codes (0x00..0xFF), got 0x1FF",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv",
                        header + "fp8sim-vectors/1,mac,0,edge,e4m3,e4m3,0x00,0x1FF,0x00000000,0x00000000\n"))).getMessage());
        assertEquals("V.csv: line 2, column acc_hex: expected a 32-bit value (at most 8 hex digits), got 0x100000000",
                assertThrows(InputException.class, () -> VectorModel.verify(csv("V.csv",
                        header + "fp8sim-vectors/1,mac,0,edge,e4m3,e4m3,0x00,0x07,0x100000000,0x00000000\n"))).getMessage());
    }
}
