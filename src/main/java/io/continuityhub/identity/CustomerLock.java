package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Serialises writers per customer: whoever changes a customer's session or identity holds the
 * customer's row lock for the rest of its transaction. Follows merges, so a writer that resolved
 * a customer just before it was merged lands in the survivor's session, not in a stale one.
 * Refuses an erased customer: a writer that resolved them just before the erasure must not bring
 * their data back (it fails, and the retry resolves the sender afresh).
 */
@Component
public class CustomerLock {

    private static final int MAX_TREE_ROUNDS = 8;

    private final CustomerRepository customers;

    CustomerLock(CustomerRepository customers) {
        this.customers = customers;
    }

    /**
     * Locks the customer this id stands for today and returns its id; needs a transaction.
     *
     * @throws CustomerErasedException when that customer was erased
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String lockSurvivor(String customerId) {
        CustomerRepository.CustomerRow survivor = follow(customerId, id -> Optional.of(customers.lock(id)
                .orElseThrow(() -> HubRequestException.notFound("no customer " + id)))).orElseThrow();
        if (survivor.erased()) {
            throw new CustomerErasedException(customerId, survivor.customerId());
        }
        return survivor.customerId();
    }

    /**
     * Locks the customer this id stands for today and returns its id, or empty at once when
     * another transaction holds it. For work that whoever holds the lock makes redundant or sets
     * off again on commit (an agent's turn: a writer's commit wakes the agent), so a worker never
     * waits, holding a connection, for a turn it would find done. Empty, too, for an erased
     * customer: there is no turn to take for them. Needs a transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> lockSurvivorUnlessHeld(String customerId) {
        return follow(customerId, customers::lockUnlessHeld).filter(row -> !row.erased())
                .map(CustomerRepository.CustomerRow::customerId);
    }

    /** The customers of one person: a survivor and every customer merged into it, directly or not. */
    public record MergeTree(String survivorId, List<String> customerIds, Instant erasedAt) {
    }

    /**
     * Locks every customer that is one person with {@code customerId}: the customer it was merged
     * into (to the end of the chain) and every customer merged into that one, for a change of the
     * whole person (an erasure). Customers merged into others are locked before the customers they
     * were merged into, the order in which every writer's walk up a chain takes them. Needs a
     * transaction; 404 when no such customer exists.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public MergeTree lockMergeTree(String customerId) {
        Set<String> locked = new LinkedHashSet<>();
        for (int round = 0; round < MAX_TREE_ROUNDS; round++) {
            String survivor = customers.survivorOf(customerId);
            List<String> tree = customers.mergeTreeDeepestFirst(survivor);
            for (String id : tree) {
                if (locked.add(id)) {
                    customers.lock(id).orElseThrow(() -> HubRequestException.notFound("no customer " + id));
                }
            }
            // a merge that committed while the locks were taken may have grown the tree or moved
            // its end; with every member locked, none can change any more
            if (customers.survivorOf(customerId).equals(survivor)
                    && locked.containsAll(customers.mergeTreeDeepestFirst(survivor))) {
                Instant erasedAt = customers.find(survivor).map(CustomerRepository.CustomerRow::erasedAt)
                        .map(java.sql.Timestamp::toInstant).orElse(null);
                return new MergeTree(survivor, tree, erasedAt);
            }
        }
        throw new IllegalStateException("the merge chain of " + customerId + " kept changing while it was being locked");
    }

    /** Locks each customer along the merge chain with {@code lock} to its end; empty when a lock is not had. */
    private static Optional<CustomerRepository.CustomerRow> follow(String customerId,
            Function<String, Optional<CustomerRepository.CustomerRow>> lock) {
        String current = customerId;
        for (int hop = 0; hop < 64; hop++) {
            Optional<CustomerRepository.CustomerRow> row = lock.apply(current);
            if (row.isEmpty() || row.get().mergedInto() == null) {
                return row;
            }
            current = row.get().mergedInto();
        }
        throw new IllegalStateException("merge chain of " + customerId + " is longer than 64");
    }
}
