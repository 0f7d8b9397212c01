package io.continuityhub.sandbox.warehouse;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stripe's idempotency keys ({@code sandbox.idempotency_key}): the first request under a key
 * claims it and, once done, stores its status and body; every later request with the key gets
 * that answer back, or an error when its parameters differ or the first one is still running.
 */
@Repository
@Profile("sandbox")
class IdempotencyKeys {

    /**
     * A claim left running this long belongs to a request that died (a crashed sandbox) and may
     * be taken over; real time, measured by the database.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    /** What a request may do with its key. */
    sealed interface Claim {
        /** This request owns the key: execute, then {@link #complete}. */
        record Claimed() implements Claim {
        }

        /** The key's first request is done: answer what it answered. */
        record Replay(int status, String body) implements Claim {
        }

        /** The key was first used with other parameters. */
        record Mismatch() implements Claim {
        }

        /** The key's first request is still running. */
        record InProgress() implements Claim {
        }
    }

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code key} for a request (method, path and JSON body are its parameters), committed at once. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    Claim claim(String system, String key, String method, String path, String bodyJson, Instant now) {
        int inserted = jdbc.sql("""
                        INSERT INTO sandbox.idempotency_key (system, idempotency_key, request_method, request_path,
                            request_body, created_at)
                        VALUES (:system, :key, :method, :path, CAST(:body AS jsonb), :now)
                        ON CONFLICT (system, idempotency_key) DO NOTHING""")
                .param("system", system).param("key", key).param("method", method).param("path", path)
                .param("body", bodyJson).param("now", Timestamp.from(now))
                .update();
        if (inserted == 1) {
            return new Claim.Claimed();
        }
        Map<String, Object> first = jdbc.sql("""
                        SELECT request_method = :method AND request_path = :path AND request_body = CAST(:body AS jsonb)
                                   AS same_parameters,
                               response_status, response_body,
                               claimed_at < clock_timestamp() - make_interval(secs => :abandonedAfter) AS abandoned
                        FROM sandbox.idempotency_key WHERE system = :system AND idempotency_key = :key FOR UPDATE""")
                .param("system", system).param("key", key).param("method", method).param("path", path)
                .param("body", bodyJson).param("abandonedAfter", ABANDONED_AFTER.toSeconds())
                .query().singleRow();
        if (!Boolean.TRUE.equals(first.get("same_parameters"))) {
            return new Claim.Mismatch();
        }
        if (first.get("response_status") != null) {
            return new Claim.Replay(((Number) first.get("response_status")).intValue(), (String) first.get("response_body"));
        }
        if (Boolean.TRUE.equals(first.get("abandoned"))) {
            jdbc.sql("UPDATE sandbox.idempotency_key SET claimed_at = clock_timestamp() WHERE system = :system"
                            + " AND idempotency_key = :key")
                    .param("system", system).param("key", key).update();
            return new Claim.Claimed();
        }
        return new Claim.InProgress();
    }

    /** Stores the claimed request's answer; in the transaction of its effect, so both or neither are kept. */
    void complete(String system, String key, int status, String body) {
        jdbc.sql("""
                        UPDATE sandbox.idempotency_key SET response_status = :status, response_body = :body
                        WHERE system = :system AND idempotency_key = :key""")
                .param("status", status).param("body", body).param("system", system).param("key", key)
                .update();
    }
}
