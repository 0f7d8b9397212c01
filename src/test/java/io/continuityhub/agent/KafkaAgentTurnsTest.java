package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * hub.bus=kafka: the agent's turns are taken by the hub instances of one consumer group, each on
 * the partitions of hub.events it owns, against a real broker (KRaft, in this JVM) and one
 * PostgreSQL. The sweep is slowed to ten minutes and the database wake-ups are off on Kafka, so
 * every turn here was asked for by a record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAgentTurnsTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static String database;
    private static StandaloneHub first;
    private static StandaloneHub second;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 4, "hub.events", "hub.escalations");
        broker.afterPropertiesSet();
        database = TestDatabase.newDatabase("kafka_turns");
        first = hub();
    }

    @AfterAll
    static void stop() {
        for (StandaloneHub hub : new StandaloneHub[] {first, second}) {
            if (hub != null) {
                hub.close();
            }
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private static StandaloneHub hub() {
        return StandaloneHub.start("sandbox", "spring.datasource.url=" + database,
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.bus=kafka", "hub.kafka.brokers=" + broker.getBrokersAsString(), "hub.kafka.relay-period=100ms",
                "hub.kafka.consumer.group-id=kafka-turns-test", "hub.agent.poll-period=10m",
                "hub.ingress.rate-limit.exempt=127.0.0.0/8,::1");
    }

    @Test
    @Order(1)
    void aSecondInstanceJoiningAndTheFirstLeavingMidStreamLoseAndDoubleNoTurn() throws Exception {
        Map<String, String> phones = new LinkedHashMap<>();
        for (int c = 0; c < 12; c++) {
            String customerId = TestData.customerId();
            String phone = TestData.phone();
            assertThat(first.client().seedCustomer(customerId, "UTC", Map.of("phone", phone)).status()).isEqualTo(201);
            phones.put(customerId, phone);
        }
        List<String> sessions = new ArrayList<>();
        // the second instance joins the group while the first takes the turns of a steady stream
        // of messages: the partitions are shared out again with turns in flight
        CompletableFuture<StandaloneHub> joining = CompletableFuture.supplyAsync(KafkaAgentTurnsTest::hub);
        int rounds = 0;
        while (!joining.isDone() || rounds < 2) {
            sendRound(first.client(), phones, rounds++, sessions);
            Thread.sleep(200);
        }
        second = joining.get();
        sendRound(second.client(), phones, rounds++, sessions);
        // the first leaves: every partition is the second's, with what the first had not committed
        first.close();
        first = null;
        sendRound(second.client(), phones, rounds++, sessions);
        int messages = rounds;

        HubClient survivor = second.client();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String sessionId : sessions.stream().distinct().toList()) {
                assertEachMessageDecidedOnce(survivor, sessionId, messages);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committedOffsets())
                .as("the group committed every record of hub.events, after its turn").isEqualTo(endOffsets()));
    }

    @Test
    @Order(2)
    void aRecordReadAgainIsANoOpAndAnUnreadableOneDoesNotHoldItsPartition() {
        HubClient client = second.client();
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        client.seedCustomer(customerId, "UTC", Map.of("phone", phone));
        String sessionId = client.touchpoint(TestData.eventId(), "voice", "phone", phone, "where is my parcel?").json()
                .get("sessionId").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEachMessageDecidedOnce(client, sessionId, 1));
        double skippedBefore = counter("hub_bus_records_skipped");

        try (KafkaProducer<String, String> producer = producer()) {
            // the customer's own partition: what follows the unreadable record must still be read
            producer.send(new ProducerRecord<>("hub.events", customerId, "{not json")).get();
            producer.send(new ProducerRecord<>("hub.events", customerId,
                    "{\"schema\": \"continuity-hub/session-event/v1\", \"eventId\": \"" + sessionId + ":1\", \"customerId\": \""
                            + customerId + "\", \"sessionId\": \"" + sessionId + "\", \"seq\": 1}")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        client.touchpoint(TestData.eventId(), "voice", "phone", phone, "and can I change the address?");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEachMessageDecidedOnce(client, sessionId, 2);
            assertThat(counter("hub_bus_records_skipped") - skippedBefore).as("the unreadable record, skipped once").isEqualTo(1.0);
        });
    }

    /** Every customer message of the session has exactly one decision of the agent in response to it. */
    private static void assertEachMessageDecidedOnce(HubClient client, String sessionId, int messages) {
        JsonNode events = client.opsGet("/api/v1/sessions/" + sessionId + "/events").json();
        List<Long> asked = StreamSupport.stream(events.spliterator(), false)
                .filter(event -> event.path("type").asText().equals("customer_message")).map(event -> event.path("seq").asLong()).toList();
        List<Long> answered = StreamSupport.stream(events.spliterator(), false)
                .filter(event -> event.path("type").asText().equals("agent_decided"))
                .map(event -> event.at("/payload/inResponseToSeq").asLong()).toList();
        assertThat(asked).as("messages of " + sessionId).hasSize(messages);
        assertThat(answered).as("one decision per message of " + sessionId + ", none twice").containsExactlyInAnyOrderElementsOf(asked);
    }

    private static void sendRound(HubClient client, Map<String, String> phones, int round, List<String> sessions) {
        phones.forEach((customerId, phone) -> {
            HubClient.Response accepted = client.touchpoint(TestData.eventId(), "voice", "phone", phone,
                    "where is my parcel? (message " + round + ")");
            assertThat(accepted.status()).isEqualTo(202);
            sessions.add(accepted.json().get("sessionId").asText());
        });
    }

    private static double counter(String name) {
        return second.bean(MeterRegistry.class).find(name).counter().count();
    }

    private static Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets("kafka-turns-test").partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            return offsets;
        }
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                latest.put(new TopicPartition("hub.events", p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> {
                if (info.offset() > 0) {
                    offsets.put(partition, info.offset());
                }
            });
            return offsets;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
