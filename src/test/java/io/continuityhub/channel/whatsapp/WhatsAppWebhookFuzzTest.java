package io.continuityhub.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.IngressFuzz;
import io.continuityhub.support.IngressFuzz.BadBody;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of bad WhatsApp webhooks (the corpus under src/test/resources/fuzz and mutations of a
 * valid one), each signed as Meta signs, so that the body is what is refused: every one is answered
 * 4xx in the error shape, none leaves a row (the inbox included), and a good webhook is taken after.
 */
class WhatsAppWebhookFuzzTest extends HubIntegrationTest {

    private static final long SEED = 34;
    private static final String MESSAGE = "/entry/0/changes/0/value/messages/0";

    @Test
    void everySignedBadBodyIsRefusedWithA4xxAndNothingIsStored() {
        String digits = TestData.phone().substring(1);
        long at = clock().instant().getEpochSecond() - 60;
        String image = """
                {"from": "%s", "id": "wamid.F%s", "timestamp": "%d", "type": "image", "context": {"id": "wamid.HUB1"},
                 "image": {"id": "MEDIA-1", "mime_type": "image/jpeg", "caption": "la boîte 📦 est cassée"}}"""
                .formatted(digits, UUID.randomUUID().toString().replace("-", ""), at + 1);
        String valid = MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                        "wamid.F" + UUID.randomUUID().toString().replace("-", ""), at, "Où est ma commande ?"), image),
                List.of(MetaWebhooks.status("wamid.HUB" + UUID.randomUUID(), "delivered", at, digits))).replace("\n", "");
        List<BadBody> bodies = new ArrayList<>();
        bodies.addAll(IngressFuzz.corpus("fuzz/common.txt"));
        bodies.addAll(IngressFuzz.corpus("fuzz/whatsapp.txt"));
        bodies.addAll(IngressFuzz.mutationsOf(valid, IngressFuzz.seed(SEED)));
        bodies.addAll(IngressFuzz.replacing(valid, MESSAGE + "/timestamp", List.of("\"946684799\"",
                "\"" + (clock().instant().getEpochSecond() + 2 * 86_400) + "\"", "\"99999999999999\"", "\"-99999999999999999\"",
                "\"31556889864403200\"")));
        bodies.addAll(IngressFuzz.replacing(valid, "/entry/0/changes/0/value/statuses/0/timestamp", List.of("\"0\"", "\"1e3\"")));
        bodies.addAll(IngressFuzz.replacing(valid, MESSAGE + "/id", List.of("\"wamid." + "x".repeat(300) + "\"")));
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(200);
        MetaWebhooks.awaitIntake(hub);
        long before = count(IngressFuzz.STORED_ROWS);

        List<String> wrong = new ArrayList<>();
        for (BadBody body : bodies) {
            IngressFuzz.wrongAnswer(body, hub.sendBytes("POST", "/webhooks/whatsapp", body.bytes(),
                    "Content-Type", "application/json", "X-Hub-Signature-256", MetaWebhooks.sign(body.bytes()))).ifPresent(wrong::add);
        }
        IngressFuzz.NOT_JSON.forEach((type, body) -> IngressFuzz.wrongAnswer(new BadBody(type, body.getBytes(StandardCharsets.UTF_8)),
                hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", type, "X-Hub-Signature-256", MetaWebhooks.sign(body)))
                .ifPresent(wrong::add));

        assertThat(wrong).as("answers that are not a 4xx in the error shape").isEmpty();
        assertThat(count(IngressFuzz.STORED_ROWS)).as("rows stored").isEqualTo(before);
        assertThat(hub.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
        Response good = MetaWebhooks.post(hub, valid);
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().get("accepted").asInt()).isEqualTo(2);
    }
}
