package io.continuityhub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.CustomerMessages;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SessionContinuityTest extends HubIntegrationTest {

    @Autowired
    SessionStore sessions;

    @Test
    void aCustomerKnownByPhoneAndEmailKeepsOneSessionAcrossBothChannelsInOrder() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        assertThat(hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone, "email", email)).status())
                .isEqualTo(201);

        Response byPhone = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "where is my order O-99281?");
        Response byEmail = hub.touchpoint(TestData.eventId(), "chat", "email", email.toUpperCase(), "and can I change the address?");

        assertThat(byPhone.status()).isEqualTo(202);
        assertThat(byEmail.status()).isEqualTo(202);
        assertThat(byPhone.json().get("customerId").asText()).isEqualTo(customerId);
        assertThat(byEmail.json().get("customerId").asText()).isEqualTo(customerId);
        String sessionId = byPhone.json().get("sessionId").asText();
        assertThat(byEmail.json().get("sessionId").asText()).isEqualTo(sessionId);

        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        assertThat(session.get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(texts(session.get("channels"))).containsExactly("voice:" + phone, "chat:" + email);
        assertThat(session.get("version").asLong()).isGreaterThanOrEqualTo(2);

        JsonNode events = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(events.get(0).get("channel").asText()).isEqualTo("voice");
        assertThat(events.get(0).get("payload").get("text").asText()).isEqualTo("where is my order O-99281?");
        assertThat(events.get(1).get("seq").asLong()).isGreaterThan(1);
        assertThat(events.get(1).get("channel").asText()).isEqualTo("chat");
        assertThat(events.get(1).get("summary").asText()).isEqualTo("and can I change the address?");
    }

    @Test
    void fiftyConcurrentTouchpointsFromTwoChannelsAllLandWithoutGapsOrLostUpdates() throws Exception {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", phone, "email", email));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            boolean viaPhone = i % 2 == 0;
            String text = "message " + i;
            answers.add(pool.submit(() -> {
                start.await();
                return viaPhone ? hub.touchpoint(TestData.eventId(), "voice", "phone", phone, text)
                        : hub.touchpoint(TestData.eventId(), "chat", "email", email, text);
            }));
        }
        start.countDown();
        for (Future<Response> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(202);
        }
        pool.shutdown();

        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        JsonNode events = hub.opsGet("/api/v1/sessions/" + session.get("sessionId").asText() + "/events").json();
        assertThat(StreamSupport.stream(events.spliterator(), false).map(e -> e.get("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        JsonNode turns = CustomerMessages.of(events);
        assertThat(StreamSupport.stream(turns.spliterator(), false).map(e -> e.get("payload").get("text").asText()).distinct())
                .hasSize(50);
        assertThat(session.get("version").asLong()).isGreaterThanOrEqualTo(50);
        assertThat(texts(session.get("channels"))).containsExactlyInAnyOrder("voice:" + phone, "chat:" + email);
    }

    @Test
    void aStaleWriterIsToldToReReadAndNeverOverwritesTheWriteItDidNotSee() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", phone));
        String sessionId = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "hello").json().get("sessionId").asText();
        awaitQuiet(sessionId); // the agent's answer to "hello" is a writer too
        long readVersion = sessions.find(sessionId).orElseThrow().version();
        long readSeq = sessions.events(sessionId).size();

        sessions.update(sessionId, readVersion, new SessionPatch("order O-1 delayed", null, null, null), "agent-a");
        assertThatThrownBy(() -> sessions.update(sessionId, readVersion,
                new SessionPatch(null, null, null, "email tracking number"), "agent-b"))
                .isInstanceOf(StaleSessionException.class)
                .hasMessageContaining("re-read");

        SessionRecord reread = sessions.find(sessionId).orElseThrow();
        SessionRecord after = sessions.update(sessionId, reread.version(),
                new SessionPatch(null, null, null, "email tracking number"), "agent-b");
        assertThat(after.issue()).isEqualTo("order O-1 delayed");
        assertThat(after.nextAction()).isEqualTo("email tracking number");
        assertThat(after.version()).isEqualTo(readVersion + 2);
        assertThat(sessions.events(sessionId)).filteredOn(event -> event.seq() > readSeq).extracting(SessionEvent::type)
                .containsExactly("record_updated", "record_updated");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
