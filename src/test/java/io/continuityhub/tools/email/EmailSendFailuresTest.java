package io.continuityhub.tools.email;

import io.continuityhub.channel.email.EmailReplies;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.NewAction;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ToolOutcome;
import io.continuityhub.tools.UnknownOutcomeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What tool-email-send tells the action ledger when SMTP fails, from a real SMTP conversation
 * with a server that refuses or hangs up where a test wants it to.
 */
class EmailSendFailuresTest {

    private static ScriptedSmtpServer smtp;
    private static StandaloneHub hub;
    private static ProducerTemplate producer;

    @BeforeAll
    static void hubSendingThroughTheScriptedServer() throws Exception {
        smtp = new ScriptedSmtpServer();
        List<String> properties = new ArrayList<>(List.of(TestDatabase.asArguments()));
        properties.addAll(List.of("hub.email.smtp.host=127.0.0.1", "hub.email.smtp.port=" + smtp.port(),
                "hub.email.smtp.timeout=3s"));
        hub = StandaloneHub.start("sandbox", properties.toArray(String[]::new));
        producer = hub.bean(ProducerTemplate.class);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
        smtp.close();
    }

    @Test
    void aMailTheServerTakesIsSentWithItsDerivedMessageId() {
        Action action = send("jane@example.com");

        ToolOutcome outcome = producer.requestBody("direct:tool-email-send", action, ToolOutcome.class);

        assertThat(outcome.providerRef()).isEqualTo(MessageIds.derive(action.idempotencyKey(), "support@hub.local"));
        assertThat(smtp.accepted()).isPositive();
    }

    @Test
    void aRecipientRefusedWithA5xxIsAPermanentFailure() {
        assertThat(failureOf(send("reject-permanent@example.com"))).isInstanceOf(PermanentToolException.class)
                .hasMessageContaining("550");
    }

    @Test
    void aRecipientRefusedWithA4xxIsRetriedLater() {
        assertThat(failureOf(send("reject-temporary@example.com"))).isInstanceOf(RetryableToolException.class)
                .hasMessageContaining("451");
    }

    @Test
    void aServerThatTookTheWholeMailAndHungUpLeavesTheOutcomeUnknown() {
        assertThat(failureOf(send("hangup-after-data@example.com"))).isInstanceOf(UnknownOutcomeException.class);
    }

    private static Action send(String to) {
        return new Action(NewAction.key("sess-" + TestData.eventId(), "notify", "email"), "cust-x", null,
                EmailReplies.TOOL, "email", Map.of("to", to, "subject", "Your order", "text", "It ships today."), 1);
    }

    private static Throwable failureOf(Action action) {
        try {
            producer.requestBody("direct:tool-email-send", action);
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the send did not fail");
    }
}
