package io.continuityhub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * hub.bus=kafka against a real Kafka broker (KRaft, in this JVM): the session events reach
 * hub.events keyed by customer id, each once per eventId, in the session's order; escalations
 * reach hub.escalations; nothing stays in the outbox.
 */
class KafkaBusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SESSION_EVENT = schema("session-event");
    private static final JsonSchema ESCALATION = schema("escalation");
    private static final JsonSchema FULFILLMENT_EXCEPTION = schema("fulfillment-exception");
    private static EmbeddedKafkaKraftBroker broker;
    private static StandaloneHub hub;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 3, "hub.events", "hub.escalations", "hub.fulfillment-exceptions");
        broker.afterPropertiesSet();
        hub = StandaloneHub.start("sandbox", "spring.datasource.url=" + TestDatabase.newDatabase("kafka_bus"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.bus=kafka", "hub.kafka.brokers=" + broker.getBrokersAsString(), "hub.kafka.relay-period=100ms",
                "hub.warehouse.exception-queue-uri=direct:fulfillment-exception-kafka",
                "hub.warehouse.exception-withdraw-uri=direct:fulfillment-exception-withdraw-kafka");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void eachSessionEventReachesTheTopicOnceKeyedByItsCustomerInTheSessionsOrder() {
        HubClient client = hub.client();
        Map<String, String> customers = new HashMap<>();
        for (int c = 0; c < 3; c++) {
            String customerId = TestData.customerId();
            String phone = TestData.phone();
            client.seedCustomer(customerId, "UTC", Map.of("phone", phone));
            customers.put(customerId, phone);
        }
        customers.forEach((customerId, phone) -> {
            for (int m = 0; m < 3; m++) {
                assertThat(client.touchpoint(TestData.eventId(), "voice", "phone", phone, "message " + m).status()).isEqualTo(202);
            }
        });

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("hub.events"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return customers.keySet().stream().allMatch(customerId -> records.stream()
                        .filter(r -> r.key().equals(customerId) && type(r).equals("customer_message")).count() == 3);
            });
        }

        for (String customerId : customers.keySet()) {
            List<JsonNode> mine = records.stream().filter(r -> r.key().equals(customerId)).map(KafkaBusTest::json).toList();
            assertThat(mine).allSatisfy(message -> assertThat(SESSION_EVENT.validate(message)).as(message.toString()).isEmpty());
            assertThat(mine).allSatisfy(message -> {
                assertThat(message.get("customerId").asText()).isEqualTo(customerId);
                assertThat(message.get("schema").asText()).isEqualTo("continuity-hub/session-event/v1");
            });
            assertThat(records.stream().filter(r -> r.key().equals(customerId)).map(ConsumerRecord::partition).distinct())
                    .as("one customer, one partition").hasSize(1);
            List<Long> seqs = mine.stream().map(message -> message.get("seq").asLong()).toList();
            assertThat(seqs).as("in the session's order, each once").isSorted().doesNotHaveDuplicates();
            assertThat(mine.stream().filter(message -> message.get("type").asText().equals("customer_message"))
                    .map(message -> message.get("summary").asText())).containsExactly("message 0", "message 1", "message 2");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.bean(Outbox.class).pending() == 0);
    }

    @Test
    void anEscalationReachesItsTopicKeyedByTheCustomer() {
        HubClient client = hub.client();
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        client.seedCustomer(customerId, "UTC", Map.of("phone", phone));
        String sessionId = client.touchpoint(TestData.eventId(), "voice", "phone", phone, "my parcel is late").json()
                .get("sessionId").asText();

        String escalationId = hub.bean(io.continuityhub.escalation.EscalationQueue.class).open(new io.continuityhub.session.EscalationRequest(
                customerId, sessionId, "customer asked for a person", "kafka-test:" + sessionId, null, null)).escalationId();

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("hub.escalations"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(r -> r.key().equals(customerId) && r.value().contains(escalationId));
            });
        }
        JsonNode message = json(records.stream().filter(r -> r.key().equals(customerId) && r.value().contains(escalationId))
                .findFirst().orElseThrow());
        assertThat(ESCALATION.validate(message)).as(message.toString()).isEmpty();
        assertThat(message.get("eventId").asText()).isEqualTo(escalationId + ":opened");
        assertThat(message.at("/escalation/sessionId").asText()).isEqualTo(sessionId);
        assertThat(message.at("/escalation/reason").asText()).isEqualTo("customer asked for a person");
    }

    @Test
    void aFulfillmentExceptionGoesToItsTopicOnceKeyedByTheCustomerAndNotToTheWarehousesHttpQueue() {
        HubClient client = hub.client();
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = "O-" + (700000 + new java.util.Random().nextInt(99999));
        assertThat(client.send("POST", "/sandbox/customers", "{\"customerId\": \"" + customerId + "\", \"timeZone\": \"UTC\", "
                + "\"handles\": [{\"channel\": \"whatsapp\", \"value\": \"" + phone + "\"}], "
                + "\"orders\": [{\"orderId\": \"" + orderId + "\", \"warehouse\": \"sap\", \"status\": \"delayed\", "
                + "\"delayReason\": \"carrier issue\", \"deliveryOptions\": [\"Tuesday\"]}]}",
                "Content-Type", "application/json").status()).isIn(200, 201);
        assertThat(client.send("POST", "/sandbox/whatsapp/inbound", "{\"from\": \"" + phone + "\", \"text\": \"Where is order "
                + orderId + "?\"}", "Content-Type", "application/json").json().path("hubStatus").asInt()).isEqualTo(200);

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("hub.fulfillment-exceptions"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(r -> r.value().contains(orderId));
            });
            // a replay would follow the first record: give it the time to show
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        List<JsonNode> raised = records.stream().filter(r -> r.value().contains(orderId)).peek(r -> assertThat(r.key())
                .isEqualTo(customerId)).map(KafkaBusTest::json).toList();
        assertThat(raised).as("one exception for the order").hasSize(1);
        JsonNode record = raised.get(0);
        assertThat(FULFILLMENT_EXCEPTION.validate(record)).as(record.toString()).isEmpty();
        assertThat(record.get("kind").asText()).isEqualTo("raised");
        assertThat(record.get("exceptionId").asText()).isEqualTo(record.get("eventId").asText());
        assertThat(client.send("GET", "/sandbox/warehouse/exceptions?orderId=" + orderId, null).json().size())
                .as("the warehouse's HTTP queue is not used").isZero();

        // the compensation (a later step of the promise failed for good) withdraws it on the same topic
        String exceptionId = record.get("exceptionId").asText();
        String withdrawal = "withdraw:" + exceptionId;
        hub.bean(io.continuityhub.tools.ActionLedger.class).record(new io.continuityhub.tools.NewAction(withdrawal, customerId,
                record.get("sessionId").asText(), "fulfillment-exception-withdraw", "withdraw",
                Map.of("exceptionId", exceptionId, "reason", "the carrier lost the parcel")));
        List<ConsumerRecord<String, String>> later = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("hub.fulfillment-exceptions"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(later::add);
                return later.stream().anyMatch(r -> r.value().contains(withdrawal));
            });
        }
        JsonNode withdrawn = json(later.stream().filter(r -> r.value().contains(withdrawal)).findFirst().orElseThrow());
        assertThat(FULFILLMENT_EXCEPTION.validate(withdrawn)).as(withdrawn.toString()).isEmpty();
        assertThat(withdrawn.get("kind").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.get("exceptionId").asText()).isEqualTo(exceptionId);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.bean(io.continuityhub.tools.ActionLedger.class)
                .find(withdrawal).orElseThrow().status().equals("succeeded"));
    }

    private static JsonSchema schema(String name) {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("docs", "schemas", name + ".schema.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static String type(ConsumerRecord<String, String> record) {
        return json(record).path("type").asText();
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + record.value(), e);
        }
    }
}
