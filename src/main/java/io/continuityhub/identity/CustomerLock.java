package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.util.Optional;
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
        String current = customerId;
        for (int hop = 0; hop < 64; hop++) {
            final String id = current;
            CustomerRepository.CustomerRow row = customers.lock(id)
                    .orElseThrow(() -> HubRequestException.notFound("no customer " + id));
            if (row.mergedInto() == null) {
                return id;
            }
            current = row.mergedInto();
        }
        throw new IllegalStateException("merge chain of " + customerId + " is longer than 64");
    }

    /**
     * Locks the customer this id stands for today and returns its id, or empty at once when
     * another transaction holds it. For work that whoever holds the lock makes redundant or sets
     * off again on commit (an agent's turn: a writer's commit wakes the agent), so a worker never
     * waits, holding a connection, for a turn it would find done. Needs a transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> lockSurvivorUnlessHeld(String customerId) {
        String current = customerId;
        for (int hop = 0; hop < 64; hop++) {
            Optional<CustomerRepository.CustomerRow> row = customers.lockUnlessHeld(current);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            if (row.get().mergedInto() == null) {
                return Optional.of(current);
            }
            current = row.get().mergedInto();
        }
        throw new IllegalStateException("merge chain of " + customerId + " is longer than 64");
    }
}
