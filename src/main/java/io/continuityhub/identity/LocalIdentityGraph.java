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
    private final IdentityLinker linker;
    private final CustomerMerges merges;

    LocalIdentityGraph(CustomerRepository customers, IdentityAudit audit, IdentityLinker linker, CustomerMerges merges) {
        this.customers = customers;
        this.audit = audit;
        this.linker = linker;
        this.merges = merges;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Resolution> lookup(Handle handle) {
        List<CustomerRepository.HandleRow> rows = customers.handlesByMatchKey(handle.matchKey());
        List<CustomerRepository.HandleRow> strong = rows.stream()
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
                .or(() -> provisionalHolder(rows))
                .map(id -> new Resolution(id, "first_contact", true));
    }

    /** A provisional customer holding the handle weakly: one a channel paired it with (see below). */
    private Optional<String> provisionalHolder(List<CustomerRepository.HandleRow> rows) {
        return rows.stream().filter(row -> !row.verified())
                .map(row -> customers.survivorOf(row.customerId()))
                .filter(owner -> customers.find(owner).map(CustomerRepository.CustomerRow::provisional).orElse(false))
                .findFirst();
    }

    @Override
    @Transactional
    public Resolution resolveOrCreate(Handle handle, String source) {
        return lookup(handle).orElseGet(() -> createProvisional(handle, source));
    }

    @Override
    @Transactional
    public Resolution resolveOrCreate(List<Handle> oneUser, String source) {
        if (oneUser.size() == 1) {
            return resolveOrCreate(oneUser.get(0), source);
        }
        // in one order, so two webhooks naming the same pair cannot deadlock
        oneUser.stream().map(Handle::matchKey).sorted().forEach(customers::lockMatchKey);
        List<Resolution> known = oneUser.stream().map(this::lookup).flatMap(Optional::stream).toList();
        Resolution target = known.stream().filter(resolution -> !resolution.provisional()).findFirst()
                .or(() -> known.stream().findFirst())
                .orElseGet(() -> createProvisional(oneUser.get(0), source));
        for (Handle handle : oneUser) {
            pair(target, handle, source);
        }
        return target;
    }

    private void pair(Resolution target, Handle handle, String source) {
        Optional<Resolution> owner = lookup(handle);
        if (owner.map(o -> o.customerId().equals(target.customerId())).orElse(false)) {
            return;
        }
        if (owner.map(o -> !o.provisional()).orElse(false) || heldFirmlyByAnother(handle, target.customerId())) {
            log.warn("{} handle {} belongs to another known customer than {}; a person must merge them",
                    handle.type().wireName(), Redact.handle(handle.value()), target.customerId());
            return;
        }
        if (!target.provisional()) {
            // a known customer: the handle is linked as verified and a provisional holder merged in
            linker.linkVerified(target.customerId(), handle, false, source);
            return;
        }
        owner.ifPresent(provisional -> merges.merge(provisional.customerId(), target.customerId(), "hub",
                "one " + source + " user: " + handle.type().wireName() + " handle paired by the channel"));
        customers.insertHandle(target.customerId(), handle, false, false, source);
    }

    private boolean heldFirmlyByAnother(Handle handle, String customerId) {
        return customers.handlesByMatchKey(handle.matchKey()).stream()
                .anyMatch(row -> row.verified() && !customers.survivorOf(row.customerId()).equals(customerId));
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
