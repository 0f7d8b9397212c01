package io.continuityhub.kernel;

import io.continuityhub.kernel.crypto.Sealing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox of {@code hub.bus=kafka}: {@link #add} writes a message in the caller's
 * transaction; the {@code outbox-relay} route takes the oldest ones ({@link #claim}), sends them
 * in order and deletes them ({@link #sent}) in one transaction. A transaction-scoped advisory lock
 * makes one relay at a time send, across instances, so a customer's messages keep their order.
 * While the broker is away the relay backs off, doubling up to {@code hub.kafka.relay-max-backoff}.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** pg_try_advisory_xact_lock key of the relay: any number the hub uses for nothing else. */
    private static final long RELAY_LOCK = 0x4855424f5554L; // "HUBOUT"

    public record Message(long id, String topic, String key, String message) {
    }

    private final JdbcClient jdbc;
    private final Sealing sealing;
    private final Clock clock;
    private final BusProperties bus;
    private final AtomicInteger failures = new AtomicInteger();
    private final Counter failedSends;
    /** System.nanoTime() before which the relay waits: real time, not the hub's (adjustable) clock. */
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

    Outbox(JdbcClient jdbc, Sealing sealing, Clock clock, BusProperties bus, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.sealing = sealing;
        this.clock = clock;
        this.bus = bus;
        this.failedSends = Counter.builder("hub_outbox_relay_failures")
                .description("relay transactions that could not send to the bus and were rolled back").register(meters);
        Gauge.builder("hub_outbox_pending", () -> bus.onKafka() ? pending() : 0)
                .description("messages written for the bus and not yet acknowledged by the broker").register(meters);
    }

    public boolean enabled() {
        return bus.onKafka();
    }

    public String eventsTopic() {
        return bus.kafka().topics().events();
    }

    public String escalationsTopic() {
        return bus.kafka().topics().escalations();
    }

    /** Writes a message in the current transaction; nothing when the bus is local. */
    public void add(String topic, String key, String customerId, String messageJson) {
        if (!enabled()) {
            return;
        }
        jdbc.sql("INSERT INTO outbox (topic, message_key, customer_id, message, created_at) VALUES (?, ?, ?, ?::jsonb, ?)")
                // sealed at rest like the event it announces; the relay opens it for the broker
                .params(topic, key, customerId, sealing.sealJson(messageJson), Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * The oldest messages, locked until the caller's transaction ends; none while another relay
     * holds the relay lock, or while this one backs off after a failure.
     */
    public List<Message> claim() {
        if (System.nanoTime() - pausedUntilNanos.get() < 0) {
            return List.of();
        }
        Boolean mine = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single();
        if (!Boolean.TRUE.equals(mine)) {
            return List.of();
        }
        return jdbc.sql("SELECT id, topic, message_key, message::text FROM outbox ORDER BY id LIMIT ?")
                .param(bus.kafka().relayBatch())
                .query((row, n) -> new Message(row.getLong(1), row.getString(2), row.getString(3), sealing.openJson(row.getString(4))))
                .list();
    }

    /**
     * The claimed messages as one batch of Kafka records, each with its own key and topic: the
     * producer sends them all before waiting for the acknowledgements (its idempotence keeps each
     * partition's order), instead of one broker round trip per record.
     */
    public List<org.apache.camel.Message> records(List<Message> claimed, Exchange exchange) {
        return claimed.stream().map(message -> {
            org.apache.camel.Message record = new DefaultMessage(exchange);
            record.setHeader(KafkaConstants.KEY, message.key());
            record.setHeader(KafkaConstants.OVERRIDE_TOPIC, message.topic());
            record.setBody(message.message());
            return record;
        }).toList();
    }

    /** The broker acknowledged these: they leave the outbox with the relay's transaction. */
    public void sent(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM outbox WHERE id = ANY(?)")
                .param(messages.stream().map(Message::id).toArray(Long[]::new))
                .update();
        if (failures.getAndSet(0) > 0) {
            log.info("the bus takes messages again; the outbox is draining");
        }
    }

    /** The relay could not send: nothing was deleted; wait longer before the next try. */
    public void failed(Exception cause) {
        int failed = failures.incrementAndGet();
        failedSends.increment();
        Duration wait = bus.kafka().relayPeriod().multipliedBy(1L << Math.min(failed, 16));
        if (wait.compareTo(bus.kafka().relayMaxBackoff()) > 0) {
            wait = bus.kafka().relayMaxBackoff();
        }
        pausedUntilNanos.set(System.nanoTime() + wait.toNanos());
        log.warn("could not publish to the bus ({} failure(s) in a row, {} messages waiting); next try in {}: {}",
                failed, pending(), wait, cause.toString());
    }

    public long pending() {
        return jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
    }
}
