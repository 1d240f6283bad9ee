package io.github.fp8sim.workloads.train.setup;

import java.nio.file.Path;

/**
 * A dataset as named on a command line, {@code kind} or {@code kind:location}: {@code synthetic},
 * {@code optdigits:DIR}, {@code mnist:DIR}, {@code cifar10:DIR} or {@code tatoeba:FILE}.
 *
 * @param text     the spec as given
 * @param kind     the part before the first colon
 * @param location the part after it, or null without a colon
 */
public record DatasetSpec(String text, String kind, String location) {

    /** The built-in procedural set: 10 classes of 8x8 grey images, 2,000 for training and 500 for test. */
    public static final String SYNTHETIC = "synthetic";

    /** The specs this parser knows, for help texts and messages. */
    public static final String KNOWN = "optdigits:DIR, mnist:DIR, cifar10:DIR, tatoeba:FILE or synthetic";

    /** Splits {@code text} at its first colon. */
    public static DatasetSpec parse(String text) {
        int colon = text.indexOf(':');
        return new DatasetSpec(text, colon < 0 ? text : text.substring(0, colon), colon < 0 ? null : text.substring(colon + 1));
    }

    /**
     * The location as a path.
     *
     * @param what what the location should be, {@code DIR} or {@code FILE}, for the message
     * @throws SetupException if the spec has no location
     */
    Path path(String what) {
        if (location == null || location.isEmpty()) {
            throw new SetupException(SetupException.Input.DATASET, text, "expected " + kind + ":" + what);
        }
        return Path.of(location);
    }
}
