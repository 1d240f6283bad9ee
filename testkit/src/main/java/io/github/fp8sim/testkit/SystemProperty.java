package io.github.fp8sim.testkit;

import java.util.function.Supplier;

/** A system property set for the length of one call, for settings read from one (a heap limit, a progress style). */
public final class SystemProperty {

    private SystemProperty() {}

    /** {@code job}'s result with {@code key} set to {@code value} (cleared for null), then as it was before. */
    public static <T> T with(String key, String value, Supplier<T> job) {
        String before = System.getProperty(key);
        set(key, value);
        try {
            return job.get();
        } finally {
            set(key, before);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
