package io.continuityhub.sandbox.warehouse;

import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.sandbox.SideEffectLedger;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises and withdraws fulfillment exceptions under Stripe's idempotency semantics: the first
 * request that starts executing under an {@code Idempotency-Key} decides the answer (its status
 * and body, a 500 included) for every retry with that key. The exception, its side-effect count
 * and the stored answer are written in one transaction.
 */
@Service
@Profile("sandbox")
class FulfillmentExceptionQueue {

    private static final Logger log = LoggerFactory.getLogger(FulfillmentExceptionQueue.class);
    static final String SYSTEM = DownstreamSystem.WAREHOUSE.wireName();
    static final String PATH = "/sandbox/warehouse/exceptions";

    /** What to answer: a status and the exact body; {@code replayed} when it is a stored answer. */
    record Answer(int status, String body, boolean replayed) {
    }

    record RaiseRequest(String orderId, String type, String detail, String resolution) {
    }

    private final IdempotencyKeys keys;
    private final FulfillmentExceptions exceptions;
    private final SideEffectLedger ledger;
    private final TransactionTemplate transaction;
    private final JsonColumns json;
    private final Clock clock;

    FulfillmentExceptionQueue(IdempotencyKeys keys, FulfillmentExceptions exceptions, SideEffectLedger ledger,
                              PlatformTransactionManager transactions, JsonColumns json, Clock clock) {
        this.keys = keys;
        this.exceptions = exceptions;
        this.ledger = ledger;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    /** Raises an exception; {@code requestJson} is the body as sent, the parameters the key is bound to. */
    Answer raise(String key, String requestJson, RaiseRequest request) {
        Instant now = now();
        return idempotent(key, "POST", PATH, requestJson, now, () -> {
            FulfillmentException raised = exceptions.open(request.orderId(), request.type(), request.detail(),
                    request.resolution(), now);
            ledger.record(SYSTEM, key, now);
            log.info("Warehouse simulator raised {} ({}) on order {} under key {}", raised.exceptionId(), raised.type(),
                    raised.orderId(), key);
            return new Answer(201, write(raised), false);
        });
    }

    /** Withdraws an exception (the compensation of raising it). */
    Answer withdraw(String key, String exceptionId) {
        Instant now = now();
        return idempotent(key, "DELETE", PATH + "/" + exceptionId, "{}", now, () -> {
            FulfillmentException withdrawn = exceptions.withdraw(exceptionId, now);
            log.info("Warehouse simulator withdrew {} under key {}", exceptionId, key);
            return new Answer(200, write(withdrawn), false);
        });
    }

    private Answer idempotent(String key, String method, String path, String requestJson, Instant now,
                              Supplier<Answer> effect) {
        IdempotencyKeys.Claim claim = keys.claim(SYSTEM, key, method, path, requestJson, now);
        if (claim instanceof IdempotencyKeys.Claim.Replay replay) {
            return new Answer(replay.status(), replay.body(), true);
        }
        if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
            throw QueueApiException.keysMismatch();
        }
        if (claim instanceof IdempotencyKeys.Claim.InProgress) {
            throw QueueApiException.concurrentRequest();
        }
        try {
            return transaction.execute(status -> {
                Answer answer = effect.get();
                keys.complete(SYSTEM, key, answer.status(), answer.body());
                return answer;
            });
        } catch (RuntimeException e) {
            // Stripe keeps a 500 too: a retry with this key gets it back and does not run again
            log.error("Warehouse simulator failed {} {} under key {}; the 500 is kept for the key", method, path, key, e);
            String body = write(QueueApiException.errorBody("api_error", "An unknown error occurred; nothing was"
                    + " applied. Retrying with the same Idempotency-Key returns this error, use a new key.", null, null));
            transaction.executeWithoutResult(status -> keys.complete(SYSTEM, key, 500, body));
            return new Answer(500, body, false);
        }
    }

    /** The clock's time at PostgreSQL's precision, so an answer and a later listing show the same instants. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String write(Object value) {
        return json.write(value);
    }
}
