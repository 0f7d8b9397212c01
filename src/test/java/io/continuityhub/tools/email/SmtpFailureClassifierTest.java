package io.continuityhub.tools.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuityhub.support.FreePorts;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.UnknownOutcomeException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.Test;

/** Failures produced by a real SMTP client, as camel-mail's sender meets them. (The route's own cases: EmailSendFailuresTest.) */
class SmtpFailureClassifierTest {

    private final SmtpFailureClassifier classifier = new SmtpFailureClassifier();

    @Test
    void aServerThatRefusesTheConnectionWasSentNothingSoTheSendIsRetried() {
        int nobodyListens = FreePorts.allocate(1)[0];
        MessagingException refused = connectionFailure(nobodyListens);
        assertThat(refused).isInstanceOf(MailConnectException.class);

        assertThatThrownBy(() -> classifier.classify(refused)).isInstanceOf(RetryableToolException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aFailureItCannotPlaceIsAnUnknownOutcome() {
        assertThatThrownBy(() -> classifier.classify(new MessagingException("[EOF]")))
                .isInstanceOf(UnknownOutcomeException.class);
    }

    private static MessagingException connectionFailure(int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.connectiontimeout", "2000");
        try {
            Transport transport = Session.getInstance(properties).getTransport("smtp");
            transport.connect("127.0.0.1", port, "support@hub.local", "sandbox-mail");
            transport.close();
        } catch (MessagingException e) {
            return e;
        }
        throw new AssertionError("something listens on port " + port);
    }
}
