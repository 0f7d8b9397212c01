package io.continuityhub.channel.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.IngressFuzz;
import io.continuityhub.support.IngressFuzz.BadBody;
import io.continuityhub.support.MetaWebhooks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of bad carrier events (the corpus under src/test/resources/fuzz and mutations of a valid
 * one), each signed with the carrier secret, so that the body is what is refused: every one is
 * answered 4xx in the error shape, none leaves a row, and a good event is taken after.
 */
class CarrierWebhookFuzzTest extends HubIntegrationTest {

    private static final long SEED = 56;

    @Test
    void everySignedBadBodyIsRefusedWithA4xxAndNothingIsStored() {
        String valid = """
                {"id": "evt_%s", "object": "Event", "description": "tracker.updated", "created_at": "%s",
                 "result": {"object": "Tracker", "id": "trk_1", "tracking_code": "1ZFUZZ%s", "status": "in_transit",
                   "carrier": "UPS", "est_delivery_date": "2026-05-05T00:00:00Z",
                   "tracking_details": [{"status": "in_transit", "message": "Départ du dépôt", "datetime": "2026-04-29T06:10:00Z",
                     "tracking_location": {"city": "Leeds", "state": null, "country": "GB", "zip": "LS1", "latitude": 53.8}}]}}"""
                .formatted(UUID.randomUUID(), clock().instant().minusSeconds(60), UUID.randomUUID().toString().substring(0, 8))
                .replace("\n", "");
        List<BadBody> bodies = new ArrayList<>();
        bodies.addAll(IngressFuzz.corpus("fuzz/common.txt"));
        bodies.addAll(IngressFuzz.corpus("fuzz/carrier.txt"));
        bodies.addAll(IngressFuzz.mutationsOf(valid, IngressFuzz.seed(SEED)));
        bodies.addAll(IngressFuzz.replacing(valid, "/created_at", List.of("\"1999-12-31T23:59:59Z\"",
                "\"" + clock().instant().plusSeconds(2 * 86_400) + "\"", "\"+999999999-12-31T23:59:59Z\"", "null")));
        bodies.addAll(IngressFuzz.replacing(valid, "/result/tracking_code", List.of("\"" + "1Z".repeat(200) + "\"", "[]")));
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(200);
        MetaWebhooks.awaitIntake(hub);
        long before = count(IngressFuzz.STORED_ROWS);

        List<String> wrong = new ArrayList<>();
        for (BadBody body : bodies) {
            IngressFuzz.wrongAnswer(body, hub.sendBytes("POST", "/webhooks/carrier", body.bytes(),
                    "Content-Type", "application/json", "X-Hmac-Signature", sign(body.bytes()))).ifPresent(wrong::add);
        }
        IngressFuzz.NOT_JSON.forEach((type, body) -> IngressFuzz.wrongAnswer(new BadBody(type, body.getBytes(StandardCharsets.UTF_8)),
                hub.send("POST", "/webhooks/carrier", body, "Content-Type", type,
                        "X-Hmac-Signature", sign(body.getBytes(StandardCharsets.UTF_8)))).ifPresent(wrong::add));

        assertThat(wrong).as("answers that are not a 4xx in the error shape").isEmpty();
        assertThat(count(IngressFuzz.STORED_ROWS)).as("rows stored").isEqualTo(before);
        assertThat(hub.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
        Response good = hub.send("POST", "/webhooks/carrier", valid, "Content-Type", "application/json",
                "X-Hmac-Signature", sign(valid.getBytes(StandardCharsets.UTF_8)));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().get("accepted").asInt()).isEqualTo(1);
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("sandbox-carrier-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "hmac-sha256-hex=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
