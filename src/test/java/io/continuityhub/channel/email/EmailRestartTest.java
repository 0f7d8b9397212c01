package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two hubs, one after the other, on one database and one mailbox. The mailbox is this test's own
 * mail server, so it outlives the first hub, as a real mail server outlives a crashed hub.
 */
class EmailRestartTest {

    private static final String HUB_LOGIN = "support@hub.local";
    private static final String HUB_PASSWORD = "sandbox-mail";
    private static final Duration PROCESSED = Duration.ofSeconds(20);

    private GreenMail mailServer;
    private MailClient mail;
    private String[] hubProperties;

    @BeforeEach
    void mailServerOfItsOwn() {
        int[] ports = FreePorts.allocate(2);
        mailServer = new GreenMail(new ServerSetup[] {new ServerSetup(ports[0], "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(ports[1], "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mailServer.setUser(HUB_LOGIN, HUB_LOGIN, HUB_PASSWORD);
        mailServer.start();
        mail = new MailClient("127.0.0.1", ports[0], ports[1]);
        List<String> properties = new ArrayList<>(List.of(TestDatabase.asArguments()));
        properties.addAll(List.of("sandbox.mail.enabled=false",
                "hub.email.imap.host=127.0.0.1", "hub.email.imap.port=" + ports[1],
                "hub.email.smtp.host=127.0.0.1", "hub.email.smtp.port=" + ports[0]));
        hubProperties = properties.toArray(String[]::new);
    }

    @AfterEach
    void stopMailServer() {
        mailServer.stop();
    }

    @Test
    void eachMailIsAcceptedExactlyOnceAcrossARestartWhetherTheFirstHubRolledItBackOrCommittedItWithoutMarkingItSeen()
            throws Exception {
        String failingSubject = "Fails on the first hub " + UUID.randomUUID();
        AtomicInteger failures = new AtomicInteger();
        MailClient.Draft committed = MailClient.mail().from(TestData.email());
        MailClient.Draft failing = MailClient.mail().from(TestData.email()).subject(failingSubject);
        // the database as the test sees it, whichever hub is running
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(TestDatabase.url(), TestDatabase.user(),
                TestDatabase.password()));

        try (StandaloneHub first = StandaloneHub.start("sandbox", hubProperties)) {
            // the first hub fails this one mail after the accept stage wrote it, on every poll, until it stops
            AdviceWith.adviceWith(first.bean(CamelContext.class), "ingress-email", route -> {
                route.weaveById("read-email").after().setProperty("testSubject", route.simple("${body.attributes[subject]}"));
                route.weaveById("accept-email").after()
                        .filter(exchange -> failingSubject.equals(exchange.getProperty("testSubject")) && failures.incrementAndGet() > 0)
                        .throwException(new IllegalStateException("the first hub fails this mail"));
            });
            mail.send(committed);
            mail.send(failing);

            await().atMost(PROCESSED).until(() -> rows(jdbc, committed.subject) == 1 && failures.get() >= 2);
            await().atMost(PROCESSED).until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, committed.subject));
        }
        assertThat(rows(jdbc, failingSubject)).as("rolled back on the first hub").isZero();
        assertThat(mail.isSeen(HUB_LOGIN, HUB_PASSWORD, failingSubject)).as("left unseen by the first hub").isFalse();
        // the state a crash between the commit and the SEEN flag leaves: accepted, yet unseen
        mail.markUnseen(HUB_LOGIN, HUB_PASSWORD, committed.subject);

        try (StandaloneHub second = StandaloneHub.start("sandbox", hubProperties)) {
            await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                    .until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, failingSubject)
                            && mail.isSeen(HUB_LOGIN, HUB_PASSWORD, committed.subject));

            assertThat(rows(jdbc, failingSubject)).isEqualTo(1);
            assertThat(rows(jdbc, committed.subject)).as("fetched again, accepted once").isEqualTo(1);
            long events = 0;
            for (String subject : List.of(failingSubject, committed.subject)) {
                for (Map<String, Object> mail : SealedRows.emailsWithSubject(jdbc, subject)) {
                    events += SealedRows.events(jdbc, "session_id = ? AND type = 'customer_message'", mail.get("session_id"))
                            .size();
                }
            }
            assertThat(events).as("one session event per mail").isEqualTo(2);
        }
    }

    private static long rows(JdbcClient jdbc, String subject) {
        return SealedRows.emailsWithSubject(jdbc, subject).size();
    }
}
