package io.continuityhub.sandbox;

import io.continuityhub.identity.HandleNormalizer;
import io.continuityhub.identity.HandleType;
import io.continuityhub.identity.InvalidHandleException;
import io.continuityhub.kernel.HubRequestException;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /sandbox/mail/{address}}: the mails the hub sent to an address, in the order it sent them. */
@RestController
@Profile("sandbox")
class SandboxMailController {

    private final HandleNormalizer handles;
    private final SentMailReader mail;

    SandboxMailController(HandleNormalizer handles, SentMailReader mail) {
        this.handles = handles;
        this.mail = mail;
    }

    @GetMapping("/sandbox/mail/{address}")
    List<SentMail> sentTo(@PathVariable String address) {
        String normalized;
        try {
            // the hub's own reading of an address (trimmed, lower-cased), so this finds what the hub mailed
            normalized = handles.normalize(HandleType.EMAIL, address).value();
        } catch (InvalidHandleException e) {
            throw HubRequestException.badField("address", e.getMessage() + "; give one address, e.g. jane@example.com");
        }
        return mail.sentTo(normalized);
    }
}
