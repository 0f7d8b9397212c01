package io.continuityhub.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.WakeUps;
import io.continuityhub.kernel.crypto.Sealing;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a webhook's messages are made durable before the channel is answered, in one statement
 * per webhook: de-duplicated on the channel's message id and kept whole. The intake takes them
 * out one by one, each in its own transaction with the accept stage (resolve the sender, append
 * to their session), one sender's in the order they were kept, so several workers and several
 * hub instances share the work without reordering a customer's messages. A message the accept
 * stage keeps failing on is tried again with backoff and parked after the last try. A kept
 * message is sealed at rest ({@link Sealing}) until it is accepted and its copy here dropped.
 */
@Service
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final TypeReference<Interaction> INTERACTION = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonColumns json;
    private final Sealing sealing;
    private final WakeUps wakeUps;
    private final InboxProperties properties;
    private final IntervalFunction backoff;
    private final Counter retried;
    private final Counter parked;
    private final Clock clock;
    private final DedupHits dedupHits;

    Inbox(JdbcClient jdbc, JdbcTemplate batch, JsonColumns json, Sealing sealing, WakeUps wakeUps, InboxProperties properties,
          MeterRegistry meters, Clock clock, DedupHits dedupHits) {
        this.dedupHits = dedupHits;
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.sealing = sealing;
        this.wakeUps = wakeUps;
        this.properties = properties;
        this.clock = clock;
        this.backoff = IntervalFunction.ofExponentialBackoff(properties.backoff().initial(), 2.0, properties.backoff().max());
        this.retried = Counter.builder("hub.inbox.retried")
                .description("messages the accept stage failed on, to be tried again").register(meters);
        this.parked = Counter.builder("hub.inbox.parked")
                .description("messages parked after their last try: a person must look at them").register(meters);
        Gauge.builder("hub.inbox.pending", this, Inbox::pending)
                .description("messages kept and acknowledged, not yet in their customer's session").register(meters);
    }

    /** One of the counts of a webhook's answer: how many of its messages were new, how many seen before. */
    public record Kept(int accepted, int duplicates) {
    }

    /**
     * Keeps the messages, in the caller's transaction, and wakes the intake when it commits;
     * a message id kept before (in this webhook or any earlier one) is counted as a duplicate.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Kept keep(List<Interaction> messages) {
        if (messages.isEmpty()) {
            return new Kept(0, 0);
        }
        Timestamp now = Timestamp.from(clock.instant());
        int[] inserted = batch.batchUpdate("""
                INSERT INTO inbox (ingress, provider_message_id, sender_key, interaction, received_at)
                VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (ingress, provider_message_id) DO NOTHING""", messages, messages.size(), (statement, message) -> {
                    statement.setString(1, message.ingress());
                    statement.setString(2, message.providerMessageId());
                    statement.setString(3, message.handle().matchKey());
                    statement.setString(4, sealing.sealJson(json.write(message)));
                    statement.setTimestamp(5, now);
                })[0];
        int accepted = (int) IntStream.of(inserted).filter(count -> count > 0).count();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 0) {
                dedupHits.hit(messages.get(i).ingress());
            }
        }
        if (accepted > 0) {
            wakeUps.signal(WakeUps.INBOX, "");
        }
        return new Kept(accepted, messages.size() - accepted);
    }

    /**
     * The next message due for the intake, locked in the caller's transaction until it commits;
     * null when there is none. A message waits while an earlier one of its sender is pending, so
     * one sender's messages reach their session in order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public InboxItem claimNext() {
        return jdbc.sql("""
                SELECT i.seq, i.interaction::text AS interaction, i.attempts FROM inbox i
                WHERE i.status = 'pending' AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= ?)
                  AND NOT EXISTS (SELECT 1 FROM inbox earlier
                                  WHERE earlier.sender_key = i.sender_key AND earlier.status = 'pending'
                                    AND earlier.seq < i.seq)
                ORDER BY i.seq LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(clock.instant()))
                .query((rs, n) -> new InboxItem(rs.getLong("seq"), rs.getString("interaction"), rs.getInt("attempts")))
                .optional().orElse(null);
    }

    /**
     * The interaction the item carries, for the accept stage: opened here, after the claim, so a
     * row that cannot be opened (its key was removed) is parked like any unreadable one.
     */
    public Interaction interaction(@Variable("inboxItem") InboxItem item) {
        return json.read(sealing.openJson(item.interactionJson()), INTERACTION);
    }

    /** The message is in its customer's session: only the record that its id was seen stays. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void accepted(@Variable("inboxItem") InboxItem item) {
        jdbc.sql("UPDATE inbox SET status = 'accepted', interaction = NULL, settled_at = ? WHERE seq = ?")
                .params(Timestamp.from(clock.instant()), item.seq()).update();
    }

    /**
     * The accept stage failed on the message (its transaction rolled back): it is due again after
     * a backoff, or parked after its last try, which lets its sender's later messages through.
     * Returns the item, so the worker goes on with the next message, or null when nothing was
     * taken (the claim itself failed), which ends the worker's drain until the next wake-up.
     */
    @Transactional
    public InboxItem failed(@Variable("inboxItem") InboxItem item, Exception failure) {
        if (item == null) {
            log.warn("The inbox's intake could not take a message ({}); the sweep tries again", failure == null ? "unknown"
                    : failure.getMessage());
            return null;
        }
        int attempts = item.attempts() + 1;
        String error = failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        Instant now = clock.instant();
        if (attempts >= properties.maxAttempts()) {
            jdbc.sql("UPDATE inbox SET status = 'parked', attempts = ?, last_error = ?, settled_at = ? WHERE seq = ?")
                    .params(attempts, error, Timestamp.from(now), item.seq()).update();
            parked.increment();
            log.error("Inbox message {} could not be accepted after {} tries and is parked: {}", item.seq(), attempts, error,
                    failure);
            wakeUps.signal(WakeUps.INBOX, ""); // its sender's later messages may go now
            return item;
        }
        jdbc.sql("UPDATE inbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE seq = ?")
                .params(attempts, error, Timestamp.from(now.plusMillis(backoff.apply(attempts))), item.seq()).update();
        retried.increment();
        log.warn("Inbox message {} could not be accepted (try {} of {}): {}", item.seq(), attempts, properties.maxAttempts(),
                error);
        return item;
    }

    /** One entry per intake worker: the drain splits over them. */
    public List<Integer> workers() {
        return IntStream.range(0, properties.workers()).boxed().toList();
    }

    /** A message parked after its last try: what a person needs to find it and see why. */
    public record Parked(long seq, String ingress, String providerMessageId, Instant receivedAt, int attempts,
                         String lastError) {
    }

    /** What the inbox holds for a person: how many messages wait for the intake, which were parked. */
    public record Status(long pending, List<Parked> parked) {
    }

    @Transactional(readOnly = true)
    public Status status() {
        List<Parked> parkedMessages = jdbc.sql("""
                SELECT seq, ingress, provider_message_id, received_at, attempts, last_error FROM inbox
                WHERE status = 'parked' ORDER BY seq""")
                .query((rs, n) -> new Parked(rs.getLong("seq"), rs.getString("ingress"), rs.getString("provider_message_id"),
                        rs.getTimestamp("received_at").toInstant(), rs.getInt("attempts"), rs.getString("last_error")))
                .list();
        return new Status((long) pending(), parkedMessages);
    }

    private double pending() {
        return jdbc.sql("SELECT count(*) FROM inbox WHERE status = 'pending'").query(Long.class).single();
    }
}
