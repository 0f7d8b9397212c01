package io.continuityhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestDatabase;
import org.junit.jupiter.api.Test;

class ProdProfileTest {

    private final String[] database = TestDatabase.asArguments();

    @Test
    void productionRefusesToStartWithoutItsSecrets() {
        assertThatThrownBy(() -> StandaloneHub.start("prod", database).close())
                .hasStackTraceContaining("HUB_TOUCHPOINT_TOKEN");
    }

    @Test
    void productionRefusesToStartWithoutTheWhatsAppAppSecret() {
        String[] withoutWhatsApp = concat(database, "hub.api.touchpoint-token=t0ken", "hub.ops.user=ops",
                "hub.ops.password=s3cret");
        assertThatThrownBy(() -> StandaloneHub.start("prod", withoutWhatsApp).close())
                .hasStackTraceContaining("HUB_WHATSAPP_");
    }

    @Test
    void productionRefusesAnEmptyOpsPassword() {
        String[] withTokenButNoPassword = concat(database, "hub.api.touchpoint-token=t0ken", "hub.ops.user=ops",
                "hub.ops.password=");
        assertThatThrownBy(() -> StandaloneHub.start("prod", withTokenButNoPassword).close())
                .hasStackTraceContaining("HUB_OPS_PASSWORD");
    }

    @Test
    void productionStartsWithItsSecretsAndHasNoSandbox() {
        try (StandaloneHub hub = StandaloneHub.start("prod", concat(database, "hub.api.touchpoint-token=t0ken",
                "hub.ops.user=ops", "hub.ops.password=s3cret", "hub.whatsapp.verify-token=v", "hub.whatsapp.app-secret=a",
                "hub.whatsapp.phone-number-id=1", "hub.whatsapp.access-token=t", "hub.carrier.webhook-secret=c"))) {
            assertThat(hub.client().send("POST", "/sandbox/customers", "{}", "Content-Type", "application/json").status())
                    .isIn(401, 404);
            assertThat(hub.client().send("POST", "/sandbox/whatsapp/v21.0/100000000000001/messages", "{}",
                    "Content-Type", "application/json").status()).as("no WhatsApp simulator in prod").isIn(401, 404);
            assertThat(hub.client().touchpointRaw("{}").status()).as("the sandbox token is not the prod token").isEqualTo(401);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
