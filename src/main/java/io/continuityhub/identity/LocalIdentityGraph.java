package io.continuityhub.identity;

import io.continuityhub.kernel.Redact;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The default {@link IdentityResolver}: the identity graph kept in the hub's own PostgreSQL. */
@Service
public class LocalIdentityGraph implements IdentityResolver {

    private static final Logger log = LoggerFactory.getLogger(LocalIdentityGraph.class);

    private final CustomerRepository customers;
    private final IdentityAudit audit;

    LocalIdentityGraph(CustomerRepository customers, IdentityAudit audit) {
        this.customers = customers;
        this.audit = audit;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Resolution> lookup(Handle handle) {
        List<CustomerRepository.HandleRow> strong = customers.handlesByMatchKey(handle.matchKey()).stream()
                .filter(row -> row.verified() && !row.shared())
                .toList();
        List<String> owners = strong.stream().map(row -> customers.survivorOf(row.customerId())).distinct().toList();
        if (owners.size() == 1) {
            String owner = owners.get(0);
            boolean provisional = customers.find(owner).map(CustomerRepository.CustomerRow::provisional).orElse(false);
            return Optional.of(new Resolution(owner, "verified_" + strong.get(0).channel(), provisional));
        }
        if (owners.size() > 1) {
            // Two customers verified the same number on different channels: guessing would put one
            // customer's conversation in another's session, so neither is chosen.
            log.warn("Handle {} is verified for {} customers; resolving it to none of them",
                    Redact.handle(handle.value()), owners.size());
        }
        return customers.provisionalByOrigin(handle.matchKey())
                .map(id -> new Resolution(id, "first_contact", true));
    }

    @Override
    @Transactional
    public Resolution resolveOrCreate(Handle handle, String source) {
        return lookup(handle).orElseGet(() -> createProvisional(handle, source));
    }

    private Resolution createProvisional(Handle handle, String source) {
        Optional<String> created = customers.insertProvisional(handle.matchKey(), source);
        if (created.isEmpty()) {
            // a concurrent first contact from the same handle created it and has committed
            return lookup(handle).orElseThrow(() -> new IllegalStateException(
                    "provisional customer for a handle vanished between insert and read"));
        }
        String customerId = created.get();
        // The handle is recorded unverified; if it already sits (weakly) on someone else, it stays theirs.
        customers.insertHandle(customerId, handle, false, false, "first_contact");
        audit.record("hub", "create_provisional", customerId, null, Map.of("channel", handle.type().wireName(), "source", source));
        log.info("Unknown {} handle {}: provisional customer {}", handle.type().wireName(), Redact.handle(handle.value()), customerId);
        return new Resolution(customerId, "new_provisional", true);
    }
}
