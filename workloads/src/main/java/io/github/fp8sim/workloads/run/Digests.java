package io.github.fp8sim.workloads.run;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 every run's {@code output_sha256} uses. */
final class Digests {

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }
}
