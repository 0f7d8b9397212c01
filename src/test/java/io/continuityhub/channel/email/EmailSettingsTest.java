package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailSettingsTest {

    @Test
    void productionWithEmailOnRefusesToStartWithoutTheMailboxAndNamesWhatIsMissing() {
        List<String> properties = new ArrayList<>(List.of(TestDatabase.asArguments()));
        properties.addAll(List.of("hub.api.touchpoint-token=t0ken", "hub.ops.user=ops", "hub.ops.password=s3cret",
                "hub.carrier.webhook-secret=c", "hub.crypto.active-key=prod1",
                "hub.crypto.keys.prod1=8Jt0u7DdtUe5hXk0D4pM2yq0Qp8iVn6oKxq1wW3sZbY=",
                "hub.email.enabled=true", "hub.email.imap.username=support"));

        assertThatThrownBy(() -> StandaloneHub.start("prod", properties.toArray(String[]::new)).close())
                .hasStackTraceContaining("HUB_EMAIL_ADDRESS")
                .hasStackTraceContaining("HUB_IMAP_PASSWORD");
    }
}
