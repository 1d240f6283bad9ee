/**
 * The instructions as typed records, one file each, and the small enums their fields use. Records only
 * hold and range-check fields: encoding, text and semantics live elsewhere.
 */
package io.github.fp8sim.isa.insn;
