package io.continuityhub.sandbox;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import io.continuityhub.kernel.HubRequestException;
import jakarta.mail.MessagingException;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Reads what the hub mailed to an address out of that address's mailbox on the sandbox's mail
 * server (GreenMail keeps every mail delivered over its SMTP, one mailbox per address, matched
 * without regard to case). Only mails from the hub's own address ({@code hub.email.address})
 * count: anything else delivered there is not the hub's doing.
 */
@Component
@Profile("sandbox")
class SentMailReader {

    private final ObjectProvider<SandboxMailServer> server;
    private final String hubAddress;

    SentMailReader(ObjectProvider<SandboxMailServer> server, @Value("${hub.email.address:}") String hubAddress) {
        this.server = server;
        this.hubAddress = hubAddress.strip();
    }

    /** The hub's mails to {@code address} (already normalised), in the order the server received them. */
    List<SentMail> sentTo(String address) {
        GreenMail greenMail = greenMail();
        GreenMailUser mailbox = greenMail.getUserManager().getUserByEmail(address);
        if (mailbox == null) {
            return List.of(); // nothing was ever delivered to it
        }
        List<StoredMessage> delivered;
        try {
            delivered = greenMail.getManagers().getImapHostManager().getInbox(mailbox).getMessages();
        } catch (FolderException e) {
            throw new IllegalStateException("the sandbox mail server cannot open the mailbox of " + address, e);
        }
        // UIDs grow with each delivery, so they are the order of sending; the Date header follows the hub's movable clock
        return delivered.stream().sorted(Comparator.comparingLong(StoredMessage::getUid))
                .filter(this::fromTheHub)
                .map(stored -> SentMail.of(stored.getMimeMessage(), stored.getReceivedDate()))
                .toList();
    }

    private boolean fromTheHub(StoredMessage stored) {
        try {
            return hubAddress.equalsIgnoreCase(SentMail.sender(stored.getMimeMessage()));
        } catch (MessagingException e) {
            return false; // a From that does not parse is no mail of the hub's
        }
    }

    private GreenMail greenMail() {
        SandboxMailServer running = server.getIfAvailable();
        if (running == null) {
            throw new HubRequestException(503, "not_configured", null, "the sandbox mail server is off"
                    + " (sandbox.mail.enabled=false), so the hub's mail went to another server: read it there");
        }
        return running.greenMail();
    }
}
