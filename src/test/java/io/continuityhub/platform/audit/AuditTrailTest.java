package io.continuityhub.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every human action and every security refusal is an audit event: a row in audit_event and one
 * ECS JSON line on the audit logger, saying who, what, when, from where and how it ended, and
 * never the handle, password or text the call carried.
 */
class AuditTrailTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        ((Logger) LoggerFactory.getLogger("audit")).addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger("audit")).detachAppender(lines);
    }

    @Test
    void anAdminsLinkIsAuditedWithWhoWhatWhereAndOutcomeButNotTheHandle() throws Exception {
        String customerId = TestData.customerId();
        String email = TestData.email();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", TestData.phone()));

        assertThat(hub.send("POST", "/api/v1/customers/" + customerId + "/handles",
                "{\"channel\":\"email\",\"value\":\"" + email + "\"}", login("admin:sandbox-admin")).status()).isEqualTo(201);

        JsonNode line = lineOf("identity-link", customerId);
        assertThat(line.at("/event/outcome").asText()).isEqualTo("success");
        assertThat(line.at("/event/category/0").asText()).isEqualTo("iam");
        assertThat(line.at("/user/name").asText()).isEqualTo("admin");
        assertThat(line.at("/source/ip").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(line.at("/url/path").asText()).isEqualTo("/api/v1/customers/" + customerId + "/handles");
        assertThat(line.at("/ecs/version").asText()).startsWith("8.");
        assertThat(line.get("@timestamp").asText()).isNotBlank();
        assertThat(line.toString()).doesNotContain(email);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'identity-link' AND target = ? AND actor = 'admin'"
                + " AND outcome = 'success' AND ecs::text NOT LIKE ?", customerId, "%" + email + "%")).isEqualTo(1);
    }

    @Test
    void anAgentsClaimOfAnUnknownEscalationIsAuditedAsAFailure() throws Exception {
        assertThat(hub.send("POST", "/api/v1/escalations/esc-audit-nobody/claim", "", login("agent:sandbox-agent")).status())
                .isEqualTo(404);

        JsonNode line = lineOf("escalation-claim", "esc-audit-nobody");
        assertThat(line.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(line.at("/event/reason").asText()).isEqualTo("answered 404");
        assertThat(line.at("/user/name").asText()).isEqualTo("agent");
    }

    @Test
    void aWrongPasswordIsAuditedWithTheNameItClaimedAndNeverThePassword() throws Exception {
        assertThat(hub.send("GET", "/api/v1/inbox", null, login("reader:guess-number-one")).status()).isEqualTo(401);

        JsonNode line = lines.list.stream().map(AuditTrailTest::parse)
                .filter(json -> json.at("/event/action").asText().equals("authentication-failed")
                        && json.at("/user/name").asText().equals("reader") && json.at("/url/path").asText().equals("/api/v1/inbox"))
                .findFirst().orElseThrow(() -> new AssertionError("no audit line: " + lines.list));
        assertThat(line.at("/event/category/0").asText()).isEqualTo("authentication");
        assertThat(line.at("/event/reason").asText()).isEqualTo("BadCredentialsException");
        assertThat(line.toString()).doesNotContain("guess-number-one");
    }

    @Test
    void aCallWithoutItsRoleIsAuditedAsRefused() throws Exception {
        assertThat(hub.send("POST", "/api/v1/merges/424242/unmerge", "", login("reader:sandbox-reader")).status()).isEqualTo(403);

        JsonNode line = lines.list.stream().map(AuditTrailTest::parse)
                .filter(json -> json.at("/event/action").asText().equals("authorization-refused")
                        && json.at("/url/path").asText().equals("/api/v1/merges/424242/unmerge"))
                .findFirst().orElseThrow(() -> new AssertionError("no audit line: " + lines.list));
        assertThat(line.at("/user/name").asText()).isEqualTo("reader");
        assertThat(line.at("/event/reason").asText()).isEqualTo("needs the role admin");
        assertThat(lines.list.stream().map(AuditTrailTest::parse).map(json -> json.at("/event/action").asText()))
                .as("a refused call is not also audited as an unmerge").doesNotContain("identity-unmerge");
    }

    @Test
    void aWebhookWithABadSignatureIsAuditedWithItsSourceAddress() throws Exception {
        long before = count("SELECT count(*) FROM audit_event WHERE action = 'ingress-credential-refused' AND target = 'ingress-whatsapp'");

        assertThat(hub.send("POST", "/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[]}",
                "Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + "00".repeat(32)).status()).isEqualTo(403);

        JsonNode line = lineOf("ingress-credential-refused", "ingress-whatsapp");
        assertThat(line.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(line.at("/source/ip").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'ingress-credential-refused' AND target = 'ingress-whatsapp'"))
                .isEqualTo(before + 1);
    }

    @Test
    void theRolesEachLoginHoldsWereAuditedWhenTheHubStarted() {
        List<String> roles = jdbc.sql("""
                SELECT DISTINCT ON (target) target || '=' || reason FROM audit_event
                 WHERE action = 'role-change' ORDER BY target, id DESC""").query(String.class).list();

        assertThat(roles).contains("ops=admin,agent,ops", "agent=agent", "reader=ops", "admin=admin");
    }

    private JsonNode lineOf(String action, String target) {
        return lines.list.stream().map(AuditTrailTest::parse)
                .filter(json -> json.at("/event/action").asText().equals(action) && json.at("/labels/target").asText().equals(target))
                .findFirst().orElseThrow(() -> new AssertionError("no audit line for " + action + " on " + target + ": " + lines.list));
    }

    private static JsonNode parse(ILoggingEvent event) {
        try {
            return JSON.readTree(event.getFormattedMessage());
        } catch (Exception e) {
            throw new AssertionError("an audit line that is not JSON: " + event.getFormattedMessage(), e);
        }
    }

    private static String[] login(String userAndPassword) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)),
                "Content-Type", "application/json"};
    }
}
