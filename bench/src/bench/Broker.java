package bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The scale figure's Kafka broker, in a JVM of its own: spring-kafka-test's
 * EmbeddedKafkaKraftBroker (one KRaft node, what the hub's Kafka tests use), with the given topics
 * of {@code partitions} partitions each. It listens on a free port of its own choosing (spring-kafka
 * 3.3's KRaft broker ignores kafkaPorts) and prints {@link #READY} {@code at HOST:PORT,} once the
 * topics exist; stops (and deletes its logs) on SIGTERM.
 *
 * <p>Usage: {@code bench.Broker PARTITIONS TOPIC...}
 */
public final class Broker {

    static final String READY = "bench broker ready";

    private Broker() {
    }

    public static void main(String[] args) throws InterruptedException {
        int partitions = Integer.parseInt(args[0]);
        String[] topics = Arrays.copyOfRange(args, 1, args.length);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        // a group forms at once (the default waits 3 s for more members), as the tests have it
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.destroy();
            stopped.countDown();
        }, "broker-stop"));
        System.out.println(READY + " at " + broker.getBrokersAsString() + ", topics " + Arrays.toString(topics) + " with "
                + partitions + " partitions");
        System.out.flush();
        stopped.await();
    }
}
