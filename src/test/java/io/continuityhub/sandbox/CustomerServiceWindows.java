package io.continuityhub.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Meta's customer-service window: a business may send a user free-form messages only within 24
 * hours of that user's last message to it; outside it only an approved template goes (131047).
 * The window opens when the user writes: for the sandbox, a message it delivers to the hub, or one a
 * test delivers itself and reports through {@code POST /sandbox/whatsapp/windows}.
 */
@Repository
@Profile("sandbox")
class CustomerServiceWindows {

    static final Duration LENGTH = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Clock clock;

    CustomerServiceWindows(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The user wrote at {@code at}; the window runs 24 hours from their latest message. */
    void userWrote(Collection<String> userKeys, Instant at) {
        for (String key : userKeys) {
            jdbc.sql("""
                    INSERT INTO sandbox.whatsapp_window (user_key, last_inbound_at) VALUES (?, ?)
                    ON CONFLICT (user_key) DO UPDATE
                        SET last_inbound_at = GREATEST(whatsapp_window.last_inbound_at, EXCLUDED.last_inbound_at)""")
                    .params(key, Timestamp.from(at))
                    .update();
        }
    }

    boolean isOpen(String userKey) {
        return jdbc.sql("SELECT last_inbound_at FROM sandbox.whatsapp_window WHERE user_key = ?")
                .param(userKey)
                .query(Timestamp.class)
                .optional()
                .map(last -> clock.instant().isBefore(last.toInstant().plus(LENGTH)))
                .orElse(false);
    }
}
