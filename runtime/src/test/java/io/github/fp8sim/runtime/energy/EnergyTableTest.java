package io.github.fp8sim.runtime.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The technology table: every action has a cited figure; user tables are checked line by line. */
class EnergyTableTest {

    @TempDir
    Path dir;

    @Test
    void theShippedTableCoversEveryActionAndCitesASource() {
        EnergyTable t = EnergyTable.defaults();
        for (EnergyAction a : EnergyAction.values()) {
            assertTrue(t.picojoules(a) >= 0, a.key());
            assertFalse(t.source(a).isBlank(), a.key() + " has no source");
        }
        // Horowitz ISSCC 2014, 45 nm: a 32-bit FP add is 0.9 pJ.
        assertEquals(0.9, t.picojoules(EnergyAction.ACC_ADD));
        assertTrue(t.source(EnergyAction.ACC_ADD).contains("Horowitz"));
        // The FP8 MAC is its FP32 add plus a small FP8 multiply: more than the add, far less than an FP32 multiply (3.7 pJ).
        assertTrue(t.picojoules(EnergyAction.MAC) > 0.9 && t.picojoules(EnergyAction.MAC) < 0.9 + 3.7);
    }

    private String error(String csv) throws IOException {
        Path f = dir.resolve("tech.csv");
        Files.writeString(f, csv);
        EnergyTableException e = assertThrows(EnergyTableException.class, () -> EnergyTable.read(f));
        return e.getMessage();
    }

    @Test
    void badTablesNameTheFileLineAndColumn() throws IOException {
        String header = "action,energy_pj,per,source\n";
        assertTrue(error(header + "mac,abc,x,y\n").contains("tech.csv: line 2, column energy_pj: expected a non-negative number, got 'abc'"));
        assertTrue(error(header + "mac,1,x,y\nwarp_drive,1,x,y\n").contains("line 3, column action: unknown action 'warp_drive'"));
        assertTrue(error(header + "mac,1,x,y\nmac,2,x,y\n").contains("line 3, column action: 'mac' appears twice"));
        assertTrue(error("action,pj\nmac,1\n").contains("missing column 'energy_pj'"));
        assertTrue(error(header + "mac,1,x,y\n").contains("no row for action 'acc_add'"));
        assertTrue(error(header + "mac,-1,x,y\n").contains("expected a non-negative number, got '-1'"));
    }

    @Test
    void aTableThatIsNotUtf8NamesItsLine() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "action,energy_pj,per,source\nmac,1,op,M\u00FCller 2014\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String m = assertThrows(EnergyTableException.class, () -> EnergyTable.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": line 2: not UTF-8 text (byte 0xFC"), m);
    }

    @Test
    void aUserTableReplacesTheDefaults() throws IOException {
        StringBuilder csv = new StringBuilder("action,energy_pj,per,source\n");
        for (EnergyAction a : EnergyAction.values()) {
            csv.append(a.key()).append(',').append(a.ordinal() + 1).append(",unit,my 7 nm library\n");
        }
        Path f = dir.resolve("mine.csv");
        Files.writeString(f, csv);
        EnergyTable t = EnergyTable.load(f.toString());
        assertEquals(EnergyAction.DRAM_BYTE.ordinal() + 1, t.picojoules(EnergyAction.DRAM_BYTE));
        assertEquals("my 7 nm library", t.source(EnergyAction.MAC));
    }
}
