package io.continuityhub.session;

import io.continuityhub.identity.CustomerErasedException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Closes sessions whose sliding TTL has run out. Run by the {@code session-expiry-sweep} route;
 * each session closes in its own transaction under its customer's lock, so the sweep never races
 * an incoming message into a half-closed session.
 */
@Component
public class SessionExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(SessionExpirySweeper.class);
    private static final int BATCH = 500;

    private final SessionRepository sessions;
    private final SessionStore store;
    private final Clock clock;

    SessionExpirySweeper(SessionRepository sessions, SessionStore store, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
    }

    /** Returns how many sessions it closed. */
    public int sweep() {
        int closed = 0;
        List<String> customers;
        do {
            customers = sessions.expiredOpenSessions(clock.instant(), BATCH);
            for (String customerId : customers) {
                try {
                    if (store.closeIfExpired(customerId)) {
                        closed++;
                    }
                } catch (CustomerErasedException e) {
                    // erased since the list was read: the erasure closed the session
                }
            }
        } while (customers.size() == BATCH);
        if (closed > 0) {
            log.info("Closed {} expired sessions", closed);
        }
        return closed;
    }
}
