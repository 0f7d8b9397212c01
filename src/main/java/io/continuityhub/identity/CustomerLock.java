package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Serialises writers per customer: whoever changes a customer's session or identity holds the
 * customer's row lock for the rest of its transaction. Follows merges, so a writer that resolved
 * a customer just before it was merged lands in the survivor's session, not in a stale one.
 */
@Component
public class CustomerLock {

    private final CustomerRepository customers;

    CustomerLock(CustomerRepository customers) {
        this.customers = customers;
    }

    /** Locks the customer this id stands for today and returns its id; needs a transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String lockSurvivor(String customerId) {
        return follow(customerId, id -> Optional.of(customers.lock(id)
                .orElseThrow(() -> HubRequestException.notFound("no customer " + id)))).orElseThrow();
    }

    /**
     * Locks the customer this id stands for today and returns its id, or empty at once when
     * another transaction holds it. For work that whoever holds the lock makes redundant or sets
     * off again on commit (an agent's turn: a writer's commit wakes the agent), so a worker never
     * waits, holding a connection, for a turn it would find done. Needs a transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> lockSurvivorUnlessHeld(String customerId) {
        return follow(customerId, customers::lockUnlessHeld);
    }

    /** Locks each customer along the merge chain with {@code lock} to its end; empty when a lock is not had. */
    private static Optional<String> follow(String customerId,
                                           Function<String, Optional<CustomerRepository.CustomerRow>> lock) {
        String current = customerId;
        for (int hop = 0; hop < 64; hop++) {
            Optional<CustomerRepository.CustomerRow> row = lock.apply(current);
            if (row.isEmpty() || row.get().mergedInto() == null) {
                return row.map(CustomerRepository.CustomerRow::customerId);
            }
            current = row.get().mergedInto();
        }
        throw new IllegalStateException("merge chain of " + customerId + " is longer than 64");
    }
}
