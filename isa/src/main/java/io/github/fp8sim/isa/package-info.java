/** The accelerator's instruction set: typed instruction records, binary encoding, assembler and disassembler. */
package io.github.fp8sim.isa;
