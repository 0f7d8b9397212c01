package io.continuityhub.support;

import io.continuityhub.ContinuityHubApplication;
import io.continuityhub.kernel.AdjustableClock;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub on a random port, on real PostgreSQL, in the sandbox profile. Every test class
 * extending this shares one application context, so the suite starts the hub once.
 */
@CamelSpringBootTest
@DisableJmx(false) // Hawtio reads the routes over JMX; the tests check what it shows
// Spring Boot's tests switch metrics export and tracing off by default; the hub's run has both, and
// TracingTest reads the spans (CapturedSpans)
@AutoConfigureObservability
@SpringBootTest(classes = ContinuityHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.session.sweep-period=200ms", "hub.downstream.sla-check-period=300ms",
                // downstream calls give up fast, and the warehouse breaker opens after 4 calls for 3 s,
                // so the failure tests run in seconds
                "hub.salesforce.timeout=1500ms", "hub.warehouse.timeout=1500ms",
                "camel.resilience4j.configurations.warehouse.minimum-number-of-calls=4",
                "camel.resilience4j.configurations.warehouse.sliding-window-size=4",
                "camel.resilience4j.configurations.warehouse.wait-duration-in-open-state=3",
                "camel.resilience4j.configurations.salesforce.minimum-number-of-calls=4",
                "camel.resilience4j.configurations.salesforce.sliding-window-size=4",
                "camel.resilience4j.configurations.salesforce.wait-duration-in-open-state=3",
                // bearer tokens of a stand-in identity provider, signed in the tests (RoleMatrixTest)
                "spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:security/test-jwt-public.pem",
                // the tests send bursts from this machine, as the bench does: per-sender limits are
                // IngressRateLimitTest's, on a hub of its own, not a cause of 429s here
                "hub.ingress.rate-limit.exempt=127.0.0.0/8,::1",
                // step 1 of a key rotation: every instance can open k2 before one seals with it (SealedAtRestTest)
                "hub.crypto.keys.k2=" + HubIntegrationTest.ROTATED_KEY,
                // finished spans reach the exporters within a tenth of a second, not Spring Boot's 5 s
                "management.tracing.opentelemetry.export.schedule-delay=100ms"})
@ActiveProfiles("sandbox")
@Import({PolicyFaults.class, CapturedSpans.class}) // on every test class alike, so the suite still starts one context
public abstract class HubIntegrationTest {

    /** A second sealing key, known to the shared hub but not active in it (a rotation under way). */
    public static final String ROTATED_KEY = "oU0vY1oK8m0O8Xk3dWb0h2Jm9cM4aR7tL5eP6sQ1zNw=";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected CamelContext camel;

    @Autowired
    private Clock clock;

    protected HubClient hub;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        // the sandbox mail server of the shared context, on ports no standalone hub of the run uses
        registry.add("sandbox.mail.imap-port", FreePorts::sharedImapPort);
        registry.add("sandbox.mail.smtp-port", FreePorts::sharedSmtpPort);
    }

    @BeforeEach
    void connect() {
        hub = new HubClient(port);
    }

    @AfterEach
    void resetClock() {
        clock().reset();
    }

    protected AdjustableClock clock() {
        return (AdjustableClock) clock;
    }

    /** Waits until the agent has had its turn on every event of the session (it answers in the background). */
    protected void awaitAgentDone(String sessionId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM session WHERE session_id = ? AND agent_seq = last_seq", sessionId) == 1);
    }

    /**
     * Waits until the session is quiet: the agent has decided on every event and every action it
     * planned has run, for a little while, so nothing more comes unless someone writes.
     */
    protected void awaitQuiet(String sessionId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .during(java.time.Duration.ofMillis(800)).until(() -> count("""
                        SELECT count(*) FROM session s WHERE s.session_id = ? AND s.agent_seq = s.last_seq
                          AND NOT EXISTS (SELECT 1 FROM action a WHERE a.session_id = s.session_id
                                          AND a.status IN ('pending', 'in_flight'))""", sessionId) == 1);
    }

    protected long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
