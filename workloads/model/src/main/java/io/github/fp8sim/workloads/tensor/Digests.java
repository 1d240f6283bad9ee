package io.github.fp8sim.workloads.tensor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 behind every {@code output_sha256} and {@code weights_sha256}. */
public final class Digests {

    private Digests() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }
}
