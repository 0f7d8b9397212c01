package io.continuityhub.sandbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The sandbox's mail server: a real IMAP and SMTP server (GreenMail) inside the hub, so a user
 * can mail the hub with any SMTP client and the hub's replies land in mailboxes a test or a
 * person can read.
 *
 * <p>It holds the hub's own mailbox ({@code hub.email.address}, logging in as
 * {@code hub.email.imap.username}); any other address gets a mailbox the first time mail is
 * delivered to it (GreenMail creates the user, with the address as login and password). It
 * starts while the application context is built, before Camel starts its routes, so the IMAP
 * consumer's first poll finds it; it stops only after Camel has stopped.
 */
@Component
@Profile("sandbox")
@ConditionalOnProperty(name = "sandbox.mail.enabled", havingValue = "true", matchIfMissing = true)
public class SandboxMailServer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxMailServer.class);

    private final GreenMail greenMail;

    SandboxMailServer(@Value("${sandbox.mail.bind-address}") String bindAddress,
                      @Value("${sandbox.mail.imap-port}") int imapPort,
                      @Value("${sandbox.mail.smtp-port}") int smtpPort,
                      @Value("${hub.email.address}") String hubAddress,
                      @Value("${hub.email.imap.username}") String hubLogin,
                      @Value("${hub.email.imap.password}") String hubPassword) {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, bindAddress, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, bindAddress, ServerSetup.PROTOCOL_IMAP)});
        greenMail.setUser(hubAddress, hubLogin, hubPassword);
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("The sandbox mail server could not listen on " + bindAddress + " IMAP " + imapPort
                    + " / SMTP " + smtpPort + " (is another hub running?). Set SANDBOX_IMAP_PORT and"
                    + " SANDBOX_SMTP_PORT to free ports, or SANDBOX_MAIL_ENABLED=false to use another mail server", e);
        }
        log.info("Sandbox mail server: SMTP {}:{} and IMAP {}:{}; mail the hub at {}", bindAddress, smtpPort, bindAddress,
                imapPort, hubAddress);
    }

    /** The running server, for the sandbox's mail API and for tests that read a customer's mailbox. */
    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }
}
