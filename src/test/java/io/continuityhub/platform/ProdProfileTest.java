package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProdProfileTest {

    private final String[] database = TestDatabase.asArguments();

    /** Every secret prod requires, by the setting that carries it. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>(Map.of(
            "hub.api.touchpoint-token", "t0ken", "hub.ops.user", "ops", "hub.ops.password", "s3cret",
            "hub.whatsapp.verify-token", "v", "hub.whatsapp.app-secret", "a", "hub.whatsapp.phone-number-id", "1",
            "hub.whatsapp.access-token", "t", "hub.carrier.webhook-secret", "c"));

    static {
        // the key that seals message text and payloads at rest: its id, and the key under that id
        SECRETS.put("hub.crypto.active-key", "prod1");
        SECRETS.put("hub.crypto.keys.prod1", "8Jt0u7DdtUe5hXk0D4pM2yq0Qp8iVn6oKxq1wW3sZbY=");
    }

    @Test
    void productionRefusesToStartWithoutItsSecrets() {
        assertThatThrownBy(() -> StandaloneHub.start("prod", database).close())
                .hasStackTraceContaining("HUB_");
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"hub.api.touchpoint-token, HUB_TOUCHPOINT_TOKEN", "hub.ops.password, HUB_OPS_PASSWORD",
            "hub.whatsapp.app-secret, HUB_WHATSAPP_APP_SECRET", "hub.whatsapp.verify-token, HUB_WHATSAPP_VERIFY_TOKEN",
            "hub.carrier.webhook-secret, HUB_CARRIER_WEBHOOK_SECRET", "hub.crypto.active-key, HUB_CRYPTO_ACTIVE_KEY",
            "hub.crypto.keys.prod1, HUB_CRYPTO_KEYS_PROD1"})
    void productionRefusesToStartWithAnySecretEmptyAndNamesIt(String setting, String variable) {
        assertThatThrownBy(() -> StandaloneHub.start("prod", allSecretsBut(setting)).close())
                .hasStackTraceContaining(variable);
    }

    @Test
    void productionStartsWithItsSecretsAndHasNoSandbox() {
        try (StandaloneHub hub = StandaloneHub.start("prod", allSecretsBut(null))) {
            // /sandbox/** is nothing special to the product: a POST there without a login or a CSRF
            // token is refused like any other path outside the channels' own
            assertThat(hub.client().send("POST", "/sandbox/customers", "{}", "Content-Type", "application/json").status())
                    .isIn(401, 403, 404);
            assertThat(hub.client().send("POST", "/sandbox/whatsapp/v21.0/100000000000001/messages", "{}",
                    "Content-Type", "application/json").status()).as("no WhatsApp simulator in prod").isIn(401, 403, 404);
            assertThat(hub.client().send("GET", "/sandbox/whatsapp/sent", null).status()).as("nothing under /sandbox is open").isEqualTo(401);
            assertThat(hub.client().touchpointRaw("{}").status()).as("the sandbox token is not the prod token").isEqualTo(401);
        }
    }

    /** The database and every secret, with {@code emptied} (if any) set to an empty value. */
    private String[] allSecretsBut(String emptied) {
        List<String> arguments = new ArrayList<>(List.of(database));
        SECRETS.forEach((setting, value) -> arguments.add(setting + "=" + (setting.equals(emptied) ? "" : value)));
        return arguments.toArray(String[]::new);
    }

}
