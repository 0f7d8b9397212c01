package io.continuityhub.kernel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The consumer side of {@code hub.bus=kafka}: a record's offset is committed (manual commit, on the
 * consumer's own thread) only once the work it asked for has committed in PostgreSQL. A record
 * that can never be read is skipped and counted, so it never holds its partition.
 */
@Component
public class BusOffsets {

    private static final Logger log = LoggerFactory.getLogger(BusOffsets.class);

    private final Counter skipped;
    private final Counter lostToRebalance;
    private final Counter notDone;

    BusOffsets(MeterRegistry meters) {
        this.skipped = Counter.builder("hub_bus_records_skipped")
                .description("records on the bus that could not be read: logged, committed and not acted on").register(meters);
        this.lostToRebalance = Counter.builder("hub_bus_commits_after_rebalance")
                .description("offset commits refused because the partition had moved: the new owner reads the record again")
                .register(meters);
        this.notDone = Counter.builder("hub_bus_records_retried")
                .description("records whose work failed after its retries: left uncommitted and read again").register(meters);
    }

    /** Commits the exchange's record; the next poll of this partition starts after it. */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("no " + KafkaConstants.MANUAL_COMMIT + " header: the consumer needs allowManualCommit=true");
        }
        try {
            commit.commit();
        } catch (CommitFailedException | RebalanceInProgressException moved) {
            // the work is committed in the database; the partition's new owner reads this record
            // again and finds nothing left to do, so nothing is lost or doubled by not retrying
            lostToRebalance.increment();
            log.info("Offset {} of {} not committed, the partition moved to another instance ({})",
                    exchange.getMessage().getHeader(KafkaConstants.OFFSET), exchange.getMessage().getHeader(KafkaConstants.PARTITION),
                    moved.getClass().getSimpleName());
        }
    }

    /** Retries spent on a record: it stays uncommitted, and breakOnFirstError has it read again. */
    public void notDone(Exchange exchange) {
        notDone.increment();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.warn("Record at offset {} of partition {} on {} not done ({}); not committed, it is read again",
                exchange.getMessage().getHeader(KafkaConstants.OFFSET), exchange.getMessage().getHeader(KafkaConstants.PARTITION),
                exchange.getMessage().getHeader(KafkaConstants.TOPIC), cause == null ? "?" : cause.getClass().getSimpleName());
    }

    /** A record that can never be read: said once in the log (its position, not its value), then committed. */
    public void skip(Exchange exchange) {
        skipped.increment();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.warn("Skipped record at offset {} of partition {} on {}: {}", exchange.getMessage().getHeader(KafkaConstants.OFFSET),
                exchange.getMessage().getHeader(KafkaConstants.PARTITION), exchange.getMessage().getHeader(KafkaConstants.TOPIC),
                cause == null ? "unreadable" : cause.getMessage());
        commit(exchange);
    }
}
