/**
 * Helpers that the tests of several fp8sim modules use, kept here once instead of copied into each.
 *
 * <p>Every module takes this one with {@code <scope>test</scope>}. It depends on nothing of fp8sim, so
 * that {@code isa} and {@code datapath}, the lowest modules, can use it too; a helper that needs a
 * format's decoding (a {@code FloatFormat}) takes it as a predicate from the caller instead.
 */
package io.github.fp8sim.testkit;
