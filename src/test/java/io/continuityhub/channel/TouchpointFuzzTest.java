package io.continuityhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.IngressFuzz;
import io.continuityhub.support.IngressFuzz.BadBody;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of bad touchpoints (the corpus under src/test/resources/fuzz and mutations of a valid
 * one), each with the right token: every one is answered 4xx in the error shape, none leaves a row,
 * and the API takes a good touchpoint after them.
 */
class TouchpointFuzzTest extends HubIntegrationTest {

    private static final long SEED = 12;

    @Test
    void everyBadBodyIsRefusedWithA4xxAndNothingIsStored() {
        String phone = TestData.phone();
        String valid = """
                {"eventId": "%s", "channel": "voice", "handle": {"type": "phone", "value": "%s"},
                 "occurredAt": "2026-04-28T10:15:00Z", "text": "Où est ma commande ? 📦 merci",
                 "attributes": {"store": "LDN-12", "till": 4, "assisted": true, "score": 0.5}}"""
                .formatted(TestData.eventId(), phone).replace("\n", "");
        List<BadBody> bodies = new ArrayList<>();
        bodies.addAll(IngressFuzz.corpus("fuzz/common.txt"));
        bodies.addAll(IngressFuzz.corpus("fuzz/touchpoint.txt"));
        bodies.addAll(IngressFuzz.mutationsOf(valid, IngressFuzz.seed(SEED)));
        bodies.addAll(IngressFuzz.replacing(valid, "/occurredAt", List.of("\"1999-12-31T23:59:59Z\"",
                "\"" + clock().instant().plusSeconds(2 * 86_400) + "\"", "\"+999999999-12-31T23:59:59Z\"", "1777000000")));
        bodies.addAll(IngressFuzz.replacing(valid, "/eventId", List.of("\"" + "e".repeat(257) + "\"", "17")));
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(200);
        MetaWebhooks.awaitIntake(hub); // no webhook of an earlier test still on its way into the tables
        long before = count(IngressFuzz.STORED_ROWS);

        List<String> wrong = new ArrayList<>();
        for (BadBody body : bodies) {
            IngressFuzz.wrongAnswer(body, hub.sendBytes("POST", "/api/v1/touchpoints", body.bytes(),
                    "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN)).ifPresent(wrong::add);
        }
        IngressFuzz.NOT_JSON.forEach((type, body) -> IngressFuzz.wrongAnswer(new BadBody(type, body.getBytes(StandardCharsets.UTF_8)),
                hub.send("POST", "/api/v1/touchpoints", body, "Content-Type", type,
                        "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN)).ifPresent(wrong::add));

        assertThat(wrong).as("answers that are not a 4xx in the error shape").isEmpty();
        assertThat(count(IngressFuzz.STORED_ROWS)).as("rows stored").isEqualTo(before);
        assertThat(hub.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
        Response good = hub.touchpointRaw(valid);
        assertThat(good.status()).as(good.body()).isEqualTo(202);
    }
}
