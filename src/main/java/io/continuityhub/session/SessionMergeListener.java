package io.continuityhub.session;

import io.continuityhub.identity.CustomersMerged;
import io.continuityhub.identity.CustomersUnmerged;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps sessions in step with identity merges, inside the merge's own transaction (both
 * customers are locked by then). A merged customer's open session is absorbed into the
 * survivor's, so its history reads as part of the survivor's conversation; an unmerge gives it back.
 */
@Component
class SessionMergeListener {

    private final SessionRepository sessions;
    private final SessionStore store;
    private final Clock clock;

    SessionMergeListener(SessionRepository sessions, SessionStore store, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
    }

    @EventListener
    void onMerged(CustomersMerged merge) {
        Optional<SessionRepository.Row> absorbed = sessions.openOf(merge.sourceId());
        if (absorbed.isEmpty()) {
            return;
        }
        String absorbedId = absorbed.get().record().sessionId();
        AppendedEvent noted = store.append(merge.survivorId(), new NewSessionEvent(null, null, "customer_merged", "hub",
                "history of " + merge.sourceId() + " joined this session",
                Map.of("mergeId", merge.mergeId(), "mergedCustomerId", merge.sourceId(), "absorbedSessionId", absorbedId)));
        sessions.setStatus(absorbedId, "absorbed", clock.instant(), null, noted.sessionId());
        SessionRecord survivor = sessions.find(noted.sessionId()).orElseThrow().record();
        LinkedHashSet<String> channels = new LinkedHashSet<>(survivor.channels());
        channels.addAll(absorbed.get().record().channels());
        sessions.setChannels(noted.sessionId(), List.copyOf(channels));
    }

    @EventListener
    void onUnmerged(CustomersUnmerged unmerge) {
        Optional<SessionRepository.Row> absorbed = sessions.absorbedOf(unmerge.sourceId());
        if (absorbed.isEmpty()) {
            return;
        }
        String absorbedId = absorbed.get().record().sessionId();
        Instant now = clock.instant();
        sessions.setStatus(absorbedId, "open", now, null, null);
        AppendedEvent noted = store.append(unmerge.survivorId(), new NewSessionEvent(null, null, "customer_unmerged", "hub",
                "history of " + unmerge.sourceId() + " separated again",
                Map.of("mergeId", unmerge.mergeId(), "unmergedCustomerId", unmerge.sourceId(), "releasedSessionId", absorbedId)));
        sessions.setChannels(noted.sessionId(), sessions.ownChannels(noted.sessionId()));
    }
}
