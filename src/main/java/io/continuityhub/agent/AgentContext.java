package io.continuityhub.agent;

import io.continuityhub.identity.CustomerView;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.tools.ActionView;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Everything a policy may look at: the session record, who the customer is, the session's events
 * (merged history included), the ledger's actions of the session, and what the agent remembers
 * of it, read from those.
 */
public record AgentContext(SessionRecord session, CustomerView customer, List<SessionEvent> events,
                           List<ActionView> actions, SessionMemory memory, ZoneId customerZone, Instant now) {

    public String sessionId() {
        return session.sessionId();
    }

    /** The customer's first name, for a friendly opening; empty when the hub does not know it. */
    public Optional<String> firstName() {
        String name = customer.displayName();
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(name.strip().split("\\s+")[0]);
    }

    /** The customer's verified email address, if they have one the hub may write to. */
    public Optional<String> verifiedEmail() {
        return customer.handles().stream()
                .filter(handle -> "email".equals(handle.channel()) && handle.verified() && !handle.shared())
                .map(CustomerView.HandleView::value).findFirst();
    }
}
