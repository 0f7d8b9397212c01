package io.continuityhub.tools.email;

import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.UnknownOutcomeException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.springframework.stereotype.Component;

/**
 * Tells the action ledger what a failed SMTP send means, from what the SMTP conversation got to.
 *
 * <ul>
 *   <li>No connection, or the login was refused: nothing was sent, so retry later.</li>
 *   <li>The server refused the sender or the recipient (MAIL FROM / RCPT TO, before DATA): a 5xx
 *       reply is final, a 4xx reply asks to retry later.</li>
 *   <li>Anything else, above all a failure during or after DATA: the server may have taken the
 *       mail, so the outcome is unknown and the mail is reconciled, never blindly sent again.</li>
 * </ul>
 */
@Component
public class SmtpFailureClassifier {

    public void classify(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        for (Throwable cause = caught; cause != null; cause = next(cause)) {
            if (cause instanceof SMTPAddressFailedException rejected) {
                throw byReplyCode(rejected.getReturnCode(), "the recipient", caught);
            }
            if (cause instanceof SMTPSenderFailedException rejected) {
                throw byReplyCode(rejected.getReturnCode(), "the sender", caught);
            }
            if (cause instanceof MailConnectException || cause instanceof ConnectException
                    || cause instanceof UnknownHostException) {
                throw new RetryableToolException("the SMTP server could not be reached; nothing was sent", caught);
            }
            if (cause instanceof AuthenticationFailedException) {
                throw new RetryableToolException("the SMTP server refused the hub's login (hub.email.smtp.*); nothing was sent", caught);
            }
            if (cause instanceof AddressException) {
                throw new PermanentToolException("the mail's addresses cannot be sent to; nothing was sent", caught);
            }
        }
        throw new UnknownOutcomeException("the SMTP send failed after the mail may have been taken ("
                + caught.getClass().getSimpleName() + ")", caught);
    }

    private static RuntimeException byReplyCode(int code, String what, Exception caught) {
        if (code >= 500 && code < 600) {
            return new PermanentToolException("the SMTP server refused " + what + " for good (" + code + "); nothing was sent", caught);
        }
        return new RetryableToolException("the SMTP server refused " + what + " for now (" + code + "); nothing was sent", caught);
    }

    /** The chain jakarta.mail builds (SendFailedException's next exception for each address), then Java's causes. */
    private static Throwable next(Throwable cause) {
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
