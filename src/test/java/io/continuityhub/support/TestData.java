package io.continuityhub.support;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Fresh identities for each test, so tests never meet each other's customers, even on a reused database. */
public final class TestData {

    private TestData() {
    }

    /** A UK mobile number nobody else in the run has. */
    public static String phone() {
        return "+447" + (100_000_000L + ThreadLocalRandom.current().nextLong(899_999_999L));
    }

    public static String email() {
        return "c-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public static String customerId() {
        return "cust-t" + UUID.randomUUID().toString().substring(0, 18);
    }

    public static String eventId() {
        return "evt-" + UUID.randomUUID();
    }
}
