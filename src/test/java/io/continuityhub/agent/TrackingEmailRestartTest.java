package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.kernel.AdjustableClock;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 09:00 email is a ledger action due at 09:00, not a timer in memory: a hub that stops
 * between the carrier's scan and 09:00 leaves it to the hub that starts next, which sends it
 * once, at 09:00 and not before.
 *
 * <p>The story runs on two standalone hubs in turn, with clocks a year ahead so nothing of it is due
 * for the shared test hub on the same database, whose agent and dispatcher are paused meanwhile.
 */
class TrackingEmailRestartTest extends HubIntegrationTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final List<String> SHARED_HUB_WORKERS = List.of("agent-turns", "agent-wake-ups", "action-dispatcher",
            "action-dispatcher-wake-ups", "inbox-wake-ups", "inbox-sweep");

    @Test
    void aRestartBetweenTheScanAndNineStillSendsTheEmailOnce() throws Exception {
        LocalDate day = LocalDate.now(LONDON).plusYears(1);
        Instant customerWrites = day.atTime(LocalTime.of(23, 4)).atZone(LONDON).toInstant();
        Instant carrierScans = day.plusDays(1).atTime(LocalTime.of(6, 10)).atZone(LONDON).toInstant();
        Instant nine = day.plusDays(1).atTime(LocalTime.of(9, 0)).atZone(LONDON).toInstant();
        List<String> settings = new ArrayList<>(List.of(TestDatabase.asArguments()));
        settings.add("camel.main.shutdown-timeout=2");
        for (String route : SHARED_HUB_WORKERS) {
            camel.getRouteController().stopRoute(route);
        }
        try {
            ReferenceStory story;
            String trackingKey;
            int[] firstMail = FreePorts.allocate(2);
            try (StandaloneHub first = startHub(settings, firstMail)) {
                story = new ReferenceStory(first.client(), firstMail[1]).seed();
                story.setClock(customerWrites);
                story.whatsApp("Hello, where is my order " + story.orderId + "?");
                story.awaitWhatsApp(2);
                story.whatsApp("Tuesday please");
                story.awaitSession(s -> "awaiting_carrier_confirmation".equals(s.path("state").asText()));
                story.setClock(carrierScans);
                story.carrierScansNewTrackingNumber();
                story.awaitSession(s -> s.path("nextAction").asText().equals("email tracking number at 09:00 Europe/London"));
                trackingKey = scheduledEmailKey(story);
            }

            int[] secondMail = FreePorts.allocate(2);
            try (StandaloneHub second = startHub(settings, secondMail)) {
                ReferenceStory resumed = story.through(second.client(), secondMail[1]);
                ((AdjustableClock) second.bean(Clock.class)).set(nine.minusSeconds(60));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> resumed.mails().isEmpty());

                ((AdjustableClock) second.bean(Clock.class)).set(nine);
                await().atMost(ReferenceStory.PATIENCE).until(() -> resumed.mails().size() == 1);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> resumed.mails().size() == 1);
                assertThat(resumed.mails().get(0).path("body").asText()).contains(story.newTrackingCode);
                assertThat(count("SELECT count(*) FROM action WHERE idempotency_key = ? AND status = 'succeeded' AND attempts = 1",
                        trackingKey)).isEqualTo(1);
            }
        } finally {
            for (String route : SHARED_HUB_WORKERS) {
                camel.getRouteController().startRoute(route);
            }
        }
    }

    private static StandaloneHub startHub(List<String> settings, int[] mailPorts) {
        List<String> properties = new ArrayList<>(settings);
        properties.add("sandbox.mail.imap-port=" + mailPorts[0]);
        properties.add("sandbox.mail.smtp-port=" + mailPorts[1]);
        return StandaloneHub.start("sandbox", properties.toArray(String[]::new));
    }

    private String scheduledEmailKey(ReferenceStory story) {
        JsonNode session = story.session();
        return jdbc.sql("SELECT idempotency_key FROM action WHERE session_id = ? AND tool = 'email-send' AND status = 'pending'")
                .param(session.path("sessionId").asText()).query(String.class).single();
    }
}
