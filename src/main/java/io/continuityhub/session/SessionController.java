package io.continuityhub.session;

import io.continuityhub.identity.CustomerDirectory;
import io.continuityhub.kernel.HubRequestException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The session part of the read/operate API (ops login). */
@RestController
@RequestMapping("/api/v1")
class SessionController {

    private final SessionStore sessions;
    private final CustomerDirectory customers;

    SessionController(SessionStore sessions, CustomerDirectory customers) {
        this.sessions = sessions;
        this.customers = customers;
    }

    /** The open session of the customer (or of the customer it was merged into). */
    @GetMapping("/customers/{customerId}/session")
    SessionRecord current(@PathVariable String customerId) {
        String survivor = customers.survivorOf(customerId);
        return sessions.current(survivor).orElseThrow(() -> HubRequestException.notFound(
                "customer " + customerId + " has no open session"));
    }

    @GetMapping("/sessions/{sessionId}/events")
    List<SessionEvent> events(@PathVariable String sessionId) {
        return sessions.events(sessionId);
    }
}
