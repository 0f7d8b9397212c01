package io.continuityhub.session;

import io.continuityhub.identity.CustomerLock;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.WakeUps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One open session per customer and its append-only event log. Every write takes the customer's
 * lock first, so writers of one customer land one after the other, each on the version the last
 * one left: none overwrites another, and seq has no gaps.
 */
@Service
public class SessionStore {

    private final SessionRepository sessions;
    private final CustomerLock customerLock;
    private final WakeUps wakeUps;
    private final SessionProperties properties;
    private final Clock clock;
    private final SessionEventPublisher publisher;

    SessionStore(SessionRepository sessions, CustomerLock customerLock, SessionProperties properties, WakeUps wakeUps,
                 Clock clock, SessionEventPublisher publisher) {
        this.publisher = publisher;
        this.sessions = sessions;
        this.wakeUps = wakeUps;
        this.customerLock = customerLock;
        this.properties = properties;
        this.clock = clock;
    }

    /** Appends to the customer's open session, opening one (carrying the last one's summary) if needed. */
    @Transactional
    public AppendedEvent append(String customerId, NewSessionEvent event) {
        String survivor = customerLock.lockSurvivor(customerId);
        Instant now = clock.instant();
        SessionRepository.Row open = openSessionFor(survivor, now);
        long seq = open.lastSeq() + 1;
        log(survivor, open.record().sessionId(), seq, now, event);
        LinkedHashSet<String> channels = new LinkedHashSet<>(open.record().channels());
        if (event.channelLabel() != null) {
            channels.add(event.channelLabel());
        }
        sessions.recordAppend(open.record().sessionId(), seq, List.copyOf(channels), now, now.plus(properties.ttl()));
        wakeUps.signal(WakeUps.AGENT, open.record().sessionId());
        return new AppendedEvent(survivor, open.record().sessionId(), seq, open.record().version() + 1);
    }

    /**
     * A versioned change of the session record, logged as an event. A writer that read an older
     * version gets {@link StaleSessionException} and must re-read: its change is never applied
     * over one it did not see.
     */
    @Transactional
    public SessionRecord update(String sessionId, long expectedVersion, SessionPatch patch, String actor) {
        SessionRecord before = sessions.find(sessionId).map(SessionRepository.Row::record)
                .orElseThrow(() -> HubRequestException.notFound("no session " + sessionId));
        String customerId = customerLock.lockSurvivor(before.customerId());
        SessionRepository.Row current = sessions.find(sessionId).orElseThrow();
        if (current.record().version() != expectedVersion || !sessions.patch(sessionId, expectedVersion, patch)) {
            throw new StaleSessionException(sessionId, expectedVersion, current.record().version());
        }
        Instant now = clock.instant();
        long seq = current.lastSeq() + 1;
        log(customerId, sessionId, seq, now, new NewSessionEvent(null, null, "record_updated", actor,
                "session record updated", patchPayload(patch)));
        sessions.recordAppend(sessionId, seq, current.record().channels(), now, now.plus(properties.ttl()));
        return sessions.find(sessionId).orElseThrow().record();
    }

    @Transactional(readOnly = true)
    public Optional<SessionRecord> current(String customerId) {
        return sessions.openOf(customerId).map(SessionRepository.Row::record);
    }

    @Transactional(readOnly = true)
    public Optional<SessionRecord> find(String sessionId) {
        return sessions.find(sessionId).map(SessionRepository.Row::record);
    }

    /**
     * The session's own events in seq order, with the history of sessions merged into it
     * interleaved by time, so an agent reads one conversation.
     */
    @Transactional(readOnly = true)
    public List<SessionEvent> events(String sessionId) {
        if (sessions.find(sessionId).isEmpty()) {
            throw HubRequestException.notFound("no session " + sessionId);
        }
        List<SessionEvent> merged = new ArrayList<>(sessions.events(sessionId));
        List<SessionEvent> absorbed = new ArrayList<>();
        for (String absorbedId : sessions.sessionsAbsorbedInto(sessionId)) {
            absorbed.addAll(sessions.events(absorbedId));
        }
        if (absorbed.isEmpty()) {
            return merged;
        }
        absorbed.sort(Comparator.comparing(SessionEvent::at));
        return interleave(merged, absorbed);
    }

    /**
     * When the customer last wrote from {@code channelLabel} (e.g. {@code whatsapp:+447700900123})
     * in the session or one merged into it; empty if they never did there. A channel's
     * reply window (WhatsApp's 24 hours) runs from it.
     */
    @Transactional(readOnly = true)
    public Optional<Instant> lastCustomerMessageAt(String sessionId, String channelLabel) {
        return sessions.lastCustomerMessageAt(sessionId, channelLabel);
    }

    /** Closes the customer's session if it has expired; true when it did. Used by the sweep. */
    @Transactional
    public boolean closeIfExpired(String customerId) {
        String survivor = customerLock.lockSurvivor(customerId);
        Instant now = clock.instant();
        Optional<SessionRepository.Row> open = sessions.openOf(survivor);
        if (open.isEmpty() || open.get().record().expiresAt().isAfter(now)) {
            return false;
        }
        closeExpired(open.get(), now);
        return true;
    }

    private SessionRepository.Row openSessionFor(String customerId, Instant now) {
        Optional<SessionRepository.Row> open = sessions.openOf(customerId);
        if (open.isPresent() && !open.get().record().expiresAt().isAfter(now)) {
            closeExpired(open.get(), now);
            open = Optional.empty();
        }
        if (open.isPresent()) {
            return open.get();
        }
        String sessionId = sessions.insertOpen(customerId, now, now.plus(properties.ttl()), sessions.lastClosedOf(customerId));
        return sessions.find(sessionId).orElseThrow();
    }

    private void closeExpired(SessionRepository.Row open, Instant now) {
        String sessionId = open.record().sessionId();
        long seq = open.lastSeq() + 1;
        log(open.record().customerId(), sessionId, seq, now, new NewSessionEvent(null, null, "session_expired", "hub",
                "closed after " + properties.ttl() + " without contact", Map.of("expiredAt", open.record().expiresAt().toString())));
        sessions.recordAppend(sessionId, seq, open.record().channels(), now, open.record().expiresAt());
        sessions.setStatus(sessionId, "closed", now, "expired", null);
    }

    /** An event into the session's log, and into the outbox for the bus (hub.bus=kafka), in one transaction. */
    private void log(String customerId, String sessionId, long seq, Instant at, NewSessionEvent event) {
        sessions.insertEvent(sessionId, seq, at, event);
        publisher.published(customerId, sessionId, seq, at, event);
    }

    private static List<SessionEvent> interleave(List<SessionEvent> own, List<SessionEvent> absorbed) {
        List<SessionEvent> result = new ArrayList<>(own.size() + absorbed.size());
        int i = 0;
        int j = 0;
        while (i < own.size() || j < absorbed.size()) {
            boolean takeOwn = j >= absorbed.size()
                    || (i < own.size() && !own.get(i).at().isAfter(absorbed.get(j).at()));
            result.add(takeOwn ? own.get(i++) : absorbed.get(j++));
        }
        return result;
    }

    private static Map<String, Object> patchPayload(SessionPatch patch) {
        var payload = new java.util.LinkedHashMap<String, Object>();
        if (patch.issue() != null) {
            payload.put("issue", patch.issue());
        }
        if (patch.state() != null) {
            payload.put("state", patch.state());
        }
        if (patch.lastAction() != null) {
            payload.put("lastAction", patch.lastAction());
        }
        if (patch.nextAction() != null) {
            payload.put("nextAction", patch.nextAction());
        }
        return payload;
    }
}
