package io.github.fp8sim.isa.insn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lookup by text and by code for the ISA enums, with messages that list what would have been accepted. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E> & Coded> E parse(Class<E> type, String text, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.text().equals(text.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected one of " + texts(type) + ")");
    }

    static <E extends Enum<E> & Coded> E fromCode(Class<E> type, int code) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " has code " + code
                + " (codes " + maxCodeRange(type) + ")");
    }

    static <E extends Enum<E> & Coded> String texts(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::text).collect(Collectors.joining(", "));
    }

    private static <E extends Enum<E> & Coded> String maxCodeRange(Class<E> type) {
        int max = Arrays.stream(type.getEnumConstants()).mapToInt(Coded::code).max().orElse(0);
        return "0.." + max;
    }
}
