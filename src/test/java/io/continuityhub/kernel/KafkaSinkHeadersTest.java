package io.continuityhub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.component.kafka.KafkaConstants;
import org.junit.jupiter.api.Test;

/**
 * The hub-kafka-sink kamelet names Kafka's key and partition-key headers in YAML, where
 * KafkaConstants cannot be used; the names changed between Camel lines (kafka.KEY became
 * CamelKafkaKey), and a kamelet still setting the old one would publish every record without its
 * customer key, silently. This fails at the upgrade instead.
 */
class KafkaSinkHeadersTest {

    @Test
    void theKameletSetsTheHeadersThisCamelReads() throws IOException {
        String kamelet = Files.readString(Path.of("kamelets", "hub-kafka-sink.kamelet.yaml"));

        assertThat(kamelet).contains("name: " + KafkaConstants.KEY + "\n").contains("name: " + KafkaConstants.PARTITION_KEY + "\n");
    }
}
