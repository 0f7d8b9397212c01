package io.continuityhub.channel.email;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With email on, the hub refuses to start without the settings that have no sensible default,
 * naming them, rather than polling a mailbox it cannot log in to or sending mail without a sender.
 */
@Component
@ConditionalOnProperty(name = "hub.email.enabled", havingValue = "true")
class EmailSettingsCheck {

    EmailSettingsCheck(@Value("${hub.email.address:}") String address,
                       @Value("${hub.email.imap.username:}") String imapUser,
                       @Value("${hub.email.imap.password:}") String imapPassword) {
        List<String> missing = new ArrayList<>();
        if (address.isBlank()) {
            missing.add("hub.email.address (HUB_EMAIL_ADDRESS)");
        }
        if (imapUser.isBlank()) {
            missing.add("hub.email.imap.username (HUB_IMAP_USER)");
        }
        if (imapPassword.isBlank()) {
            missing.add("hub.email.imap.password (HUB_IMAP_PASSWORD)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Email is on (HUB_EMAIL_ENABLED) but " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set; set them, or turn email off");
        }
    }
}
