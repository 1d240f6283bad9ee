package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Space;
import org.junit.jupiter.api.Test;

/** The converting, accumulating accumulator load in text and binary. */
class ConvertingLoadSyntaxTest {

    @Test
    void accumulatorLoadsNameTheirConversionAndWriteMode() {
        DmaLoad d = (DmaLoad) Assembler.assembleLine("dma.load dst=acc:0x40 dram=0x100 rows=2 bytes=32 from=fp16 write=accumulate");
        assertEquals(new DmaLoad(Space.ACC, 0x100, 0x40, 2, 32, 32, 64, NumFormat.FP16, true), d,
                "local_stride defaults to the widened row: 16 elements x 4 bytes");
        assertEquals("dma.load dst=acc:0x40 dram=0x100 rows=2 bytes=32 dram_stride=32 local_stride=64 from=fp16 write=accumulate",
                Disassembler.disassemble(d));
        assertEquals(d, Decoder.decode(Encoder.encode(d), 0));
        assertEquals("dma.load dst=acc:0x0 dram=0x0 rows=1 bytes=4 dram_stride=4 local_stride=4 from=raw write=overwrite",
                Disassembler.disassemble(Assembler.assembleLine("dma.load dst=acc:0x0 dram=0x0 rows=1 bytes=4")));
    }

    @Test
    void scratchpadLoadsTakeNoConversionAndRowsHoldWholeElements() {
        AsmException spad = assertThrows(AsmException.class,
                () -> Assembler.assemble("dma.load dst=spad:0x0 dram=0x0 rows=1 bytes=4 from=e5m2\n", "p.s"));
        assertTrue(spad.getMessage().startsWith("p.s:1:"), spad.getMessage());
        assertTrue(spad.getMessage().contains("'from' is not used"), spad.getMessage());
        AsmException odd = assertThrows(AsmException.class,
                () -> Assembler.assemble("dma.load dst=acc:0x0 dram=0x0 rows=1 bytes=3 from=fp16\n", "p.s"));
        assertTrue(odd.getMessage().contains("not a whole number of fp16 elements"), odd.getMessage());
        AsmException mode = assertThrows(AsmException.class,
                () -> Assembler.assemble("dma.load dst=acc:0x0 dram=0x0 rows=1 bytes=4 write=add\n", "p.s"));
        assertTrue(mode.getMessage().contains("expected overwrite or accumulate"), mode.getMessage());
    }
}
