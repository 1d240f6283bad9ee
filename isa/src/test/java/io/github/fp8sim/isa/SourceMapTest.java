package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.isa.insn.Halt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Programs remember where their instructions came from: an assembly line or a binary file's byte offset. */
class SourceMapTest {

    @Test
    void assembledInstructionsRememberTheirLines() {
        Program p = Assembler.assemble("# a comment\nconfig sr_seed=1\n\n  fence dma\nhalt\n", "prog.s");
        assertEquals("prog.s:2", p.source().where(0));
        assertEquals("prog.s:4", p.source().where(1));
        assertEquals("prog.s:5", p.source().where(2));
        assertEquals("prog.s", p.source().file());
    }

    @Test
    void decodedInstructionsRememberTheirByteOffsets() {
        Program p = Program.decode(Assembler.assemble("fence\nfence\nhalt\n", "x.s").encode(), "prog.bin");
        assertEquals("prog.bin: byte offset 0x10", p.source().where(0));
        assertEquals("prog.bin: byte offset 0x50", p.source().where(2));
    }

    @Test
    void whereAProgramWasReadIsNotPartOfItsIdentity() {
        Program text = Assembler.assemble("halt\n", "a.s");
        Program binary = Program.decode(text.encode(), "a.bin");
        Program memory = Program.of(new Halt());
        assertEquals(memory, text);
        assertEquals(memory, binary);
        assertEquals(memory.hashCode(), text.hashCode());
        assertNull(memory.source().where(0), "a program made in memory has no file to name");
        assertThrows(IllegalArgumentException.class, () -> new Program(List.of(new Halt()), SourceMap.assembly("b.s", new int[] {1, 2})));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLineIsDropped() {
        Program p = Assembler.assemble("\uFEFFhalt\n", "bom.s");
        assertEquals(Program.of(new Halt()), p);
        assertEquals("bom.s:1", p.source().where(0));
    }

    @Test
    void aLongUnknownMnemonicIsAbbreviated() {
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble("x".repeat(400) + "\n", "junk.s"));
        assertEquals("junk.s:1:1: unknown mnemonic '" + "x".repeat(37) + "...' (expected one of dma.load, dma.store, gemm, quant, "
                + "vop.<func>, config, fence, halt)", e.getMessage());
    }
}
