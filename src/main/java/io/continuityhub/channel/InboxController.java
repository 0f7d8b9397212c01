package io.continuityhub.channel;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/inbox} (ops login): how many acknowledged WhatsApp messages still wait for
 * the intake, and the ones it parked after its last try, with why.
 */
@RestController
class InboxController {

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/api/v1/inbox")
    Inbox.Status status() {
        return inbox.status();
    }
}
